package io.portico.cp.k8s.controller;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** An informer handler that tells one consumer of every added, updated or deleted object. */
final class OnAnyChange {
  private OnAnyChange() {}

  static <T> ResourceEventHandler<T> of(Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        onChange.accept(object);
      }

      @Override
      public void onUpdate(T previous, T object) {
        onChange.accept(object);
      }

      @Override
      public void onDelete(T object, boolean deletedFinalStateUnknown) {
        onChange.accept(object);
      }
    };
  }
}
