package io.portico.cp.store;

/** A change-feed subscription; closing it stops delivery. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
