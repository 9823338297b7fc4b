package io.portico.cp.k8s.pod;

/**
 * Why no Dataplane can be generated for a pod; its message is the text of the Warning event {@code
 * FailedToGenerateKumaDataplane} (spec/kubernetes.md §5.2). Thrown inside this package only and
 * turned into {@link PodConversion.Failure} by {@link PodConverter}.
 */
final class PodConversionException extends RuntimeException {
  PodConversionException(String message) {
    super(message, null, false, false);
  }
}
