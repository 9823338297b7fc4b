package io.portico.proxy.stream;

import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.config.ConfigSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A runtime stand-in: records every config, applies those its validator accepts. */
public final class FakeConfigSink implements ConfigSink {
  private final List<ProxyConfig> received = new CopyOnWriteArrayList<>();
  private volatile Function<ProxyConfig, List<String>> validator = config -> List.of();
  private volatile ProxyConfig applied;
  private volatile boolean refusalsAreTransient;

  @Override
  public List<String> apply(ProxyConfig config) {
    received.add(config);
    List<String> errors = validator.apply(config);
    if (errors.isEmpty()) {
      applied = config;
    }
    return errors;
  }

  /** Validates configs with {@code validator} from now on (empty list = valid). */
  public void validateWith(Function<ProxyConfig, List<String>> validator) {
    this.validator = validator;
  }

  /** Says from now on that refusals are addresses in use ({@code true}) or not. */
  public void refusalsAreTransient(boolean value) {
    this.refusalsAreTransient = value;
  }

  @Override
  public boolean lastRefusalIsTransient() {
    return refusalsAreTransient;
  }

  /** Every config handed to the sink. */
  public List<ProxyConfig> received() {
    return List.copyOf(received);
  }

  /** The last config applied, or null. */
  public ProxyConfig applied() {
    return applied;
  }
}
