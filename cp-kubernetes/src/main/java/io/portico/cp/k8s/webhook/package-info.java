/**
 * The admission webhooks of spec/kubernetes.md §6–§7 as pure functions from an {@code
 * admission.k8s.io/v1} AdmissionReview request to its response: validation of Kuma custom
 * resources, Services and Secrets, the Mesh owner reference and defaulting patches, and the minimal
 * Portico sidecar injector (§6.5).
 *
 * <p>Data flow: the HTTPS server (elsewhere) reads a request body and calls {@link
 * io.portico.cp.k8s.webhook.AdmissionReview#answer} with the {@link
 * io.portico.cp.k8s.webhook.AdmissionWebhook} routed by path ({@link
 * io.portico.cp.k8s.webhook.AdmissionWebhooks}); the webhook reads the request ({@link
 * io.portico.cp.k8s.webhook.AdmissionRequest}), decides a {@link io.portico.cp.k8s.webhook.Verdict}
 * and the review writes it in controller-runtime's shapes (§7.2). What a webhook needs from the
 * cluster or the store comes through small lookups ({@link io.portico.cp.k8s.webhook.MeshLookup},
 * {@link io.portico.cp.k8s.webhook.NamespaceLookup}, …) implemented by the wiring over informer
 * caches and the resource manager.
 *
 * <p>Threading: webhooks are called concurrently from the server's threads. They are stateless
 * (immutable configuration only), keep no caches and take no locks; the lookups they call must be
 * thread-safe and should answer from memory (informer caches), since Kubernetes waits on the
 * answer.
 */
package io.portico.cp.k8s.webhook;
