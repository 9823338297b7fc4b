package io.portico.proxy.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class NettyProxyTest {
  @Test
  void theAdminPortOfTheTemplateAnswersNotReadyBeforeTheFirstConfig() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (NettyProxy proxy =
        new NettyProxy(new ProxyDescription("default", "gw-1", ProxyType.DATAPLANE, port))) {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("PRE_INITIALIZING\n");
    }
  }

  @Test
  void anAdminPortInUseIsBadInputNamingTheField() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  new NettyProxy(
                      new ProxyDescription("default", "gw-1", ProxyType.DATAPLANE, port)))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith("networking.admin.port " + port + ": cannot serve the admin API")
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }
}
