package io.portico.cp.k8s.webhook;

/**
 * A pod the injector cannot inject (a bad annotation, a missing volume, a missing mesh): the
 * injector answers errored 500 with the message (spec/kubernetes.md §6.3).
 */
final class InjectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InjectionException(String message) {
    super(message, null, false, false);
  }
}
