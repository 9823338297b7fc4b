package io.portico.cp.k8s.webhook;

/**
 * One admission webhook: a pure decision on one request. Implementations are stateless and called
 * concurrently. They may let a lookup's unchecked exception escape; {@link AdmissionReview#answer}
 * turns it into a 500.
 */
@FunctionalInterface
public interface AdmissionWebhook {
  Verdict review(AdmissionRequest request);
}
