package io.portico.proxy.bind;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RuntimeConfigCompiler;
import org.junit.jupiter.api.Test;

class ActiveConfigTest {
  private static BoundConfig config(String version, int... ports) throws InvalidConfigException {
    ProxyConfig.Builder config = ProxyConfig.newBuilder().setVersion(version);
    for (int port : ports) {
      config.addListeners(
          Listener.newBuilder()
              .setName("http-" + port)
              .setAddress("127.0.0.1")
              .setPort(port)
              .setHttp(HttpListener.newBuilder().setServerHeader(version)));
    }
    return new ConfigBinder().bind(new RuntimeConfigCompiler().compile(config.build()), null);
  }

  @Test
  void aLookupFollowsEveryConfigChange() throws InvalidConfigException {
    ActiveConfig active = new ActiveConfig();
    ActiveConfig.ListenerLookup lookup = active.lookup(BindAddress.of("127.0.0.1", 8080, ""));
    assertThat(lookup.get()).isNull();

    BoundConfig v1 = config("v1", 8080);
    active.set(v1);
    ListenerConfig first = lookup.get();
    assertThat(first).isSameAs(v1.listener(BindAddress.of("127.0.0.1", 8080, "")));
    assertThat(lookup.binding()).isSameAs(v1);
    assertThat(lookup.get()).isSameAs(first);

    BoundConfig v2 = config("v2", 8080, 8081);
    active.set(v2);
    assertThat(lookup.get())
        .isSameAs(v2.listener(BindAddress.of("127.0.0.1", 8080, "")))
        .isNotSameAs(first);

    active.set(config("v3", 8081));
    assertThat(lookup.get()).isNull();
  }
}
