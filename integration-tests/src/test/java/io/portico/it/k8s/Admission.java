package io.portico.it.k8s;

import io.fabric8.kubernetes.api.model.GroupVersionKindBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import tools.jackson.databind.JsonNode;

/**
 * The admission webhooks as the API server calls them on a CREATE: the Mutating and
 * ValidatingWebhookConfigurations stored in the API server decide which webhooks a request goes to
 * (rules, {@code namespaceSelector}, {@code objectSelector}); each is called with an {@code
 * admission.k8s.io/v1} AdmissionReview (spec/kubernetes.md §7.2) on its Service over HTTPS,
 * trusting the configuration's {@code caBundle} for the name {@code <service>.<namespace>.svc}.
 *
 * <ul>
 *   <li>Mutating webhooks run one after the other (configurations by name, then in order), each
 *       seeing the previous one's JSON Patch applied; validating webhooks see the result.
 *   <li>A response with {@code allowed: false} refuses the request whatever the failure policy; a
 *       webhook that cannot be called or answers garbage refuses it only with {@code failurePolicy:
 *       Fail}.
 * </ul>
 */
final class Admission {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final ClusterNetwork network;
  private final AtomicInteger uids = new AtomicInteger();

  /**
   * What the request is about.
   *
   * @param group the API group ("" for the core group)
   * @param version the version
   * @param kind the kind
   * @param plural the resource name, e.g. {@code pods}
   */
  record Resource(String group, String version, String kind, String plural) {}

  Admission(KubernetesClient client, ClusterNetwork network) {
    this.client = client;
    this.network = network;
  }

  <T extends HasMetadata> T mutate(T object, Resource resource, boolean isNamespaced, String user) {
    List<MutatingWebhookConfiguration> configurations =
        new ArrayList<>(
            client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems());
    configurations.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    T current = object;
    for (MutatingWebhookConfiguration configuration : configurations) {
      for (MutatingWebhook webhook : configuration.getWebhooks()) {
        if (matches(
            webhook.getRules(),
            webhook.getNamespaceSelector(),
            webhook.getObjectSelector(),
            current,
            resource,
            isNamespaced)) {
          current =
              call(
                  webhook.getName(),
                  webhook.getClientConfig(),
                  webhook.getFailurePolicy(),
                  current,
                  resource,
                  user);
        }
      }
    }
    return current;
  }

  void validate(HasMetadata object, Resource resource, boolean isNamespaced, String user) {
    for (ValidatingWebhookConfiguration configuration :
        client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems()) {
      for (ValidatingWebhook webhook : configuration.getWebhooks()) {
        if (matches(
            webhook.getRules(),
            webhook.getNamespaceSelector(),
            webhook.getObjectSelector(),
            object,
            resource,
            isNamespaced)) {
          call(
              webhook.getName(),
              webhook.getClientConfig(),
              webhook.getFailurePolicy(),
              object,
              resource,
              user);
        }
      }
    }
  }

  private boolean matches(
      List<RuleWithOperations> rules,
      LabelSelector namespaceSelector,
      LabelSelector objectSelector,
      HasMetadata object,
      Resource resource,
      boolean isNamespaced) {
    boolean isRuleMatched =
        rules.stream()
            .anyMatch(
                rule ->
                    anyOf(rule.getOperations(), "CREATE")
                        && anyOf(rule.getApiGroups(), resource.group())
                        && anyOf(rule.getApiVersions(), resource.version())
                        && anyOf(rule.getResources(), resource.plural())
                        && scopeMatches(rule.getScope(), isNamespaced));
    if (!isRuleMatched || !selects(objectSelector, object.getMetadata().getLabels())) {
      return false;
    }
    if (object instanceof Namespace) {
      return selects(namespaceSelector, object.getMetadata().getLabels());
    }
    if (!isNamespaced) {
      return true;
    }
    String namespace = object.getMetadata().getNamespace();
    Namespace found = client.namespaces().withName(namespace).get();
    if (found == null) {
      throw new AdmissionRefused("namespaces \"" + namespace + "\" not found");
    }
    return selects(namespaceSelector, found.getMetadata().getLabels());
  }

  private static boolean anyOf(List<String> values, String value) {
    return values != null && (values.contains("*") || values.contains(value));
  }

  private static boolean scopeMatches(String scope, boolean isNamespaced) {
    return scope == null
        || scope.equals("*")
        || scope.equals(isNamespaced ? "Namespaced" : "Cluster");
  }

  /** Label selector semantics; an absent selector selects everything. */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = have.get(r.getKey());
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> value != null && r.getValues().contains(value);
              case "NotIn" -> value == null || !r.getValues().contains(value);
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default ->
                  throw new IllegalArgumentException(
                      "label selector operator " + r.getOperator() + " is not known");
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T call(
      String webhook,
      WebhookClientConfig config,
      String failurePolicy,
      T object,
      Resource resource,
      String user) {
    String uid = "admission-" + uids.incrementAndGet();
    AdmissionReview request =
        new AdmissionReviewBuilder()
            .withApiVersion("admission.k8s.io/v1")
            .withKind("AdmissionReview")
            .withNewRequest()
            .withUid(uid)
            .withKind(
                new GroupVersionKindBuilder()
                    .withGroup(resource.group())
                    .withVersion(resource.version())
                    .withKind(resource.kind())
                    .build())
            .withRequestKind(
                new GroupVersionKindBuilder()
                    .withGroup(resource.group())
                    .withVersion(resource.version())
                    .withKind(resource.kind())
                    .build())
            .withResource(
                new GroupVersionResourceBuilder()
                    .withGroup(resource.group())
                    .withVersion(resource.version())
                    .withResource(resource.plural())
                    .build())
            .withRequestResource(
                new GroupVersionResourceBuilder()
                    .withGroup(resource.group())
                    .withVersion(resource.version())
                    .withResource(resource.plural())
                    .build())
            .withName(object.getMetadata().getName())
            .withNamespace(object.getMetadata().getNamespace())
            .withOperation("CREATE")
            .withNewUserInfo()
            .withUsername(user)
            .withGroups("system:authenticated")
            .endUserInfo()
            .withObject(object)
            .withDryRun(false)
            .endRequest()
            .build();
    AdmissionResponse response;
    try {
      response = send(config, Serialization.asJson(request)).getResponse();
    } catch (IOException | RuntimeException e) {
      if ("Ignore".equals(failurePolicy)) {
        return object;
      }
      throw new AdmissionRefused(
          "Internal error occurred: failed calling webhook \"" + webhook + "\": " + e, e);
    }
    if (response == null || !uid.equals(response.getUid())) {
      if ("Ignore".equals(failurePolicy)) {
        return object;
      }
      throw new AdmissionRefused(
          "Internal error occurred: webhook \"" + webhook + "\" answered another request: " + uid);
    }
    if (!Boolean.TRUE.equals(response.getAllowed())) {
      Status status = response.getStatus();
      String message =
          status == null
              ? ""
              : Objects.requireNonNullElse(
                  status.getMessage(), Objects.requireNonNullElse(status.getReason(), ""));
      throw new AdmissionRefused(
          "admission webhook \"" + webhook + "\" denied the request: " + message);
    }
    if (response.getPatch() == null || response.getPatch().isEmpty()) {
      return object;
    }
    var json = client.getKubernetesSerialization();
    var patch =
        json.unmarshal(
            new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8),
            JsonNode.class);
    var patched = JsonPatch.apply(patch, json.convertValue(object, JsonNode.class));
    return (T) json.convertValue(patched, object.getClass());
  }

  private AdmissionReview send(WebhookClientConfig config, String body) throws IOException {
    var service = config.getService();
    int port = service.getPort() == null ? 443 : service.getPort();
    InetSocketAddress address =
        network.serviceAddress(service.getNamespace(), service.getName(), port);
    String serverName = service.getName() + "." + service.getNamespace() + ".svc";
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(trusting(config.getCaBundle(), serverName))
            .connectTimeout(TIMEOUT)
            .build();
    String path = service.getPath() == null ? "/" : service.getPath();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "https://"
                              + address.getAddress().getHostAddress()
                              + ":"
                              + address.getPort()
                              + path
                              + "?timeout=10s"))
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
      }
      return Serialization.unmarshal(response.body(), AdmissionReview.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** TLS trusting {@code caBundle} (base64 PEM) for a certificate that names {@code host}. */
  private static SSLContext trusting(String caBundle, String host) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      Collection<? extends Certificate> cas =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(
                      Base64.getDecoder().decode(caBundle.getBytes(StandardCharsets.US_ASCII))));
      int i = 0;
      for (Certificate ca : cas) {
        trust.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      X509TrustManager pkix = (X509TrustManager) tmf.getTrustManagers()[0];
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new ServiceNameTrust(pkix, host)}, null);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the caBundle: " + e.getMessage(), e);
    }
  }

  /**
   * The chain must lead to the caBundle and the leaf must name the Service's DNS name, whatever
   * address was dialled (the name kube-proxy would have routed).
   */
  private static final class ServiceNameTrust extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;
    private final String host;

    ServiceNameTrust(X509TrustManager pkix, String host) {
      this.pkix = pkix;
      this.host = host;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
      if (!dnsNames(chain[0]).contains(host)) {
        throw new CertificateException(
            "x509: certificate is valid for " + dnsNames(chain[0]) + ", not " + host);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a client of webhooks trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }

    private static List<String> dnsNames(X509Certificate cert) throws CertificateParsingException {
      List<String> names = new ArrayList<>();
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add((String) san.get(1));
          }
        }
      }
      return names;
    }
  }
}
