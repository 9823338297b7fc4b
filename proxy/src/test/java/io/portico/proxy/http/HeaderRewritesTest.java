package io.portico.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HeaderRewritesTest {
  @Test
  void hopByHopHeadersAndThoseConnectionNamesAreRemovedWhateverTheirCase() {
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .add("Host", "api.example.com")
            .add("Connection", "keep-alive, X-Session-Hint , transfer-encoding")
            .add("KEEP-ALIVE", "timeout=5")
            .add("x-session-hint", "drop me")
            .add("TE", "trailers")
            .add("Trailer", "x-checksum")
            .add("Upgrade", "websocket")
            .add("Proxy-Connection", "keep-alive")
            .add("Proxy-Authenticate", "Basic")
            .add("Proxy-Authorization", "Basic e30=")
            .add("Transfer-Encoding", "chunked")
            .add("x-custom", "kept");
    HeaderRewrites.removeHopByHopAndHttp2Extensions(headers);
    assertThat(headers.names()).containsExactlyInAnyOrder("Host", "Transfer-Encoding", "x-custom");
  }

  @Test
  void nettysHttp2ExtensionHeadersAreRemovedAndLookalikesKept() {
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .add("x-http2-stream-id", "3")
            .add("X-HTTP2-Scheme", "https")
            .add("x-http2-path", "/")
            .add("x-http2-something-else", "kept")
            .add("x-http2", "kept");
    HeaderRewrites.removeHopByHopAndHttp2Extensions(headers);
    assertThat(headers.names()).containsExactlyInAnyOrder("x-http2-something-else", "x-http2");
  }

  @Test
  void headersWithoutAnyOfThemAreLeftAsTheyAre() {
    HttpHeaders headers =
        new DefaultHttpHeaders().add("Host", "h").add("Accept", "*/*").add("Accept", "text/plain");
    HeaderRewrites.removeHopByHopAndHttp2Extensions(headers);
    assertThat(headers.getAll("Accept")).containsExactly("*/*", "text/plain");
    assertThat(headers.size()).isEqualTo(3);
  }
}
