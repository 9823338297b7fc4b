package io.portico.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.Curl;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.MeshApi;
import io.portico.it.support.OpenSsl;
import io.portico.it.support.Shutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS listener with two hostnames and a wildcard default: certificates from mesh secrets
 * chosen by SNI, HSTS, HTTP/2 and HTTP/1.1 by ALPN, TLS 1.2 and 1.3 only — checked with curl {@code
 * --resolve} and {@code openssl s_client}.
 */
class HttpsListenerIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static int port;
  static Path pki;

  @BeforeAll
  static void startGateway() throws Exception {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    pki = temp.resolve("pki");
    OpenSsl.selfSignedCa(pki, "https-ca");
    for (String host : List.of("a.example.com", "b.example.com", "default.example.net")) {
      OpenSsl.leaf(
          pki, host, pki.resolve("https-ca.crt"), pki.resolve("https-ca.key"), "DNS:" + host);
      String bundle =
          Files.readString(pki.resolve(host + ".crt"))
              + Files.readString(pki.resolve("https-ca.crt"))
              + Files.readString(pki.resolve(host + ".key"));
      api.apply(
          """
          type: Secret
          mesh: default
          name: %s
          data: %s
          """
              .formatted(
                  "cert-" + host.replace('.', '-'),
                  Base64.getEncoder().encodeToString(bundle.getBytes())));
    }
    EchoProcess web = EchoProcess.http("web-1", temp.resolve("web"));
    running.add(web);
    running.add(DataplaneProcess.sidecar(cp, api, temp, "web-1", "web", "http", web.port()));
    port = FreePorts.next();
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: https-gw
        selectors:
          - match: {kuma.io/service: https-gateway}
        conf:
          listeners:
            - port: %1$d
              protocol: HTTPS
              hostname: a.example.com
              tls:
                mode: TERMINATE
                certificates: [{secret: cert-a-example-com}]
            - port: %1$d
              protocol: HTTPS
              hostname: b.example.com
              tls:
                mode: TERMINATE
                certificates: [{secret: cert-b-example-com}]
            - port: %1$d
              protocol: HTTPS
              tls:
                mode: TERMINATE
                certificates: [{secret: cert-default-example-net}]
        ---
        type: MeshGatewayRoute
        mesh: default
        name: https-route
        selectors:
          - match: {kuma.io/service: https-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """
            .formatted(port));
    running.add(DataplaneProcess.builtinGateway(cp, api, temp, "https-gw-1", "https-gateway"));
    await("HTTPS gateway serving")
        .atMost(Duration.ofSeconds(30))
        .until(() -> curl("a.example.com").status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    Shutdown.all(running, cp);
  }

  static Curl.Result curl(String host, String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--resolve",
            host + ":" + port + ":127.0.0.1",
            "--cacert",
            pki.resolve("https-ca.crt").toString()));
    args.addAll(List.of(extra));
    return Curl.get("https://" + host + ":" + port + "/path", args.toArray(String[]::new));
  }

  @Test
  void eachHostnameGetsItsOwnCertificateBySni() {
    for (String host : List.of("a.example.com", "b.example.com")) {
      Curl.Result r = curl(host);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.body()).contains("\"instance\":\"web-1\"");
      OpenSsl.Result s = sClient("-servername", host);
      assertThat(s.output())
          .contains("subject=CN = " + host)
          .contains("Verify return code: 0 (ok)");
    }
  }

  @Test
  void withoutSniTheWildcardListenersCertificateIsTheDefault() {
    assertThat(sClient("-noservername").output()).contains("subject=CN = default.example.net");
    assertThat(sClient("-servername", "unknown.example.org").output())
        .contains("subject=CN = default.example.net");
  }

  @Test
  void theChainIsServedLeafFirst() {
    String out = sClient("-servername", "a.example.com", "-showcerts").output();
    assertThat(out).contains(" 0 s:CN = a.example.com").contains(" 1 s:CN = https-ca");
  }

  @Test
  void tls12And13AreServedAndOlderVersionsRefused() {
    assertThat(sClient("-servername", "a.example.com", "-tls1_3").output())
        .contains("New, TLSv1.3");
    assertThat(sClient("-servername", "a.example.com", "-tls1_2").output())
        .contains("New, TLSv1.2");
    OpenSsl.Result old =
        sClient("-servername", "a.example.com", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
    assertThat(old.exitCode()).as(old.output()).isNotZero();
    assertThat(old.output()).doesNotContain("New, TLSv1.1");
  }

  @Test
  void responsesCarryHsts() {
    assertThat(curl("a.example.com").headers())
        .containsIgnoringCase("strict-transport-security: max-age=31536000; includeSubDomains");
  }

  @Test
  void alpnNegotiatesHttp2OrHttp11() {
    Curl.Result h2 = curl("b.example.com", "--http2");
    assertThat(h2.headers()).startsWith("HTTP/2 200");
    Curl.Result h1 = curl("b.example.com", "--http1.1");
    assertThat(h1.headers()).startsWith("HTTP/1.1 200");
  }

  @Test
  void theVirtualHostFollowsTheHostHeaderNotTheSni() {
    Curl.Result r = curl("a.example.com", "-H", "Host: b.example.com");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("\"host\":\"b.example.com\"");
  }

  private static OpenSsl.Result sClient(String... args) {
    List<String> all = new ArrayList<>();
    all.addAll(
        List.of(
            "s_client",
            "-connect",
            "127.0.0.1:" + port,
            "-CAfile",
            pki.resolve("https-ca.crt").toString()));
    all.addAll(List.of(args));
    return OpenSsl.run(temp, "", all.toArray(String[]::new));
  }
}
