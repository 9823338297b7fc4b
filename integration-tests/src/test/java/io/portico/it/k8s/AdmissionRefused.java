package io.portico.it.k8s;

/** The API server refused a create: a webhook denied it, or a webhook with policy Fail failed. */
final class AdmissionRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AdmissionRefused(String message) {
    super(message);
  }

  AdmissionRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
