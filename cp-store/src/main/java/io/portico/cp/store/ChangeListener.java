package io.portico.cp.store;

/** Receives changes from the store's feed, in order, on the store's notification thread. */
@FunctionalInterface
public interface ChangeListener {
  void onChange(ResourceChange change);
}
