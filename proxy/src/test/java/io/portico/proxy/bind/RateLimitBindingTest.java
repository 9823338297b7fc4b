package io.portico.proxy.bind;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.withPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.RateLimit;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.RateLimitConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.proxy.ratelimit.TokenBucket;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The token buckets of rate limits: compiled as plain values, handed out when bound, and kept
 * across configs while the route entry and its limit stay the same (spec gateway.md §4.5).
 */
class RateLimitBindingTest {
  private final AtomicLong now = new AtomicLong();
  private final RuntimeConfigCompiler compiler = new RuntimeConfigCompiler();
  private final ConfigBinder binder = new ConfigBinder(InetAddress::getByName, now::get);

  private static RoutePolicy limit(int requests, int seconds) {
    return limit(RateLimit.newBuilder().setRequests(requests), seconds);
  }

  private static RoutePolicy limit(RateLimit.Builder limit, int seconds) {
    return RoutePolicy.newBuilder()
        .setRateLimit(limit.setInterval(Duration.newBuilder().setSeconds(seconds)))
        .build();
  }

  private static RateLimitConfig firstLimit(RuntimeConfig config) {
    HttpListenerConfig listener = (HttpListenerConfig) config.listeners().iterator().next();
    return listener.hosts().find("any").orElseThrow().routes().entries().get(0).route().rateLimit();
  }

  private BoundConfig bind(ProxyConfig config, BoundConfig previous) throws InvalidConfigException {
    return binder.bind(compiler.compile(config), previous);
  }

  private static TokenBucket firstBucket(BoundConfig bound) {
    return bound.bucket(firstLimit(bound.config()));
  }

  @Test
  void compilingARateLimitMakesPlainValuesAndNoBucket() throws InvalidConfigException {
    RuntimeConfig first = compiler.compile(withPolicy(limit(2, 60)));
    RuntimeConfig second = compiler.compile(withPolicy(limit(2, 60)));

    assertThat(first.rateLimits())
        .containsExactly(firstLimit(first))
        .isEqualTo(second.rateLimits());
    assertThat(firstLimit(first).key())
        .isEqualTo("listeners[http].http.virtual_hosts[all].routes[r]");
    assertThat(firstLimit(first).slot()).isZero();
  }

  @Test
  void theBucketSurvivesAConfigThatChangesSomethingElse() throws InvalidConfigException {
    BoundConfig first = bind(withPolicy(limit(2, 60)), null);
    assertThat(firstBucket(first).tryTake()).isTrue();
    assertThat(firstBucket(first).tryTake()).isTrue();

    Route other = forward("other", prefix("/other"), "web");
    BoundConfig second = bind(withPolicy(limit(2, 60), other), first);

    assertThat(firstBucket(second)).isSameAs(firstBucket(first));
    assertThat(firstBucket(second).tryTake()).as("the same, still empty bucket").isFalse();
  }

  @Test
  void aChangedAnswerKeepsTheBucket() throws InvalidConfigException {
    BoundConfig first = bind(withPolicy(limit(2, 60)), null);

    BoundConfig second =
        bind(withPolicy(limit(RateLimit.newBuilder().setRequests(2).setStatus(503), 60)), first);

    assertThat(firstBucket(second)).isSameAs(firstBucket(first));
  }

  @Test
  void aChangedLimitGetsAFreshBucket() throws InvalidConfigException {
    BoundConfig first = bind(withPolicy(limit(1, 60)), null);
    assertThat(firstBucket(first).tryTake()).isTrue();

    BoundConfig moreRequests = bind(withPolicy(limit(2, 60)), first);
    BoundConfig longerInterval = bind(withPolicy(limit(2, 120)), moreRequests);

    assertThat(firstBucket(moreRequests)).isNotSameAs(firstBucket(first));
    assertThat(firstBucket(moreRequests).tryTake()).as("a changed limit starts full").isTrue();
    assertThat(firstBucket(longerInterval))
        .isNotSameAs(firstBucket(moreRequests))
        .returns(2L, TokenBucket::capacity);
  }

  @Test
  void aRemovedLimitThatComesBackStartsFull() throws InvalidConfigException {
    BoundConfig first = bind(withPolicy(limit(1, 60)), null);
    assertThat(firstBucket(first).tryTake()).isTrue();

    BoundConfig without = bind(withPolicy(RoutePolicy.getDefaultInstance()), first);
    BoundConfig again = bind(withPolicy(limit(1, 60)), without);

    assertThat(without.config().rateLimits()).isEmpty();
    assertThat(firstBucket(again).tryTake()).isTrue();
  }

  @Test
  void aRefusedConfigChangesNoBucket() throws InvalidConfigException {
    BoundConfig first = bind(withPolicy(limit(1, 60)), null);

    assertThatThrownBy(() -> bind(withPolicy(limit(0, 60)), first))
        .isInstanceOf(InvalidConfigException.class);
    BoundConfig next = bind(withPolicy(limit(1, 60)), first);

    assertThat(firstBucket(next)).isSameAs(firstBucket(first));
  }

  @Test
  void aConfigBoundButNotSwappedInChangesNoBucket() throws InvalidConfigException {
    // e.g. a listener address of it could not be bound: the config in force stays
    BoundConfig first = bind(withPolicy(limit(1, 60)), null);
    bind(withPolicy(RoutePolicy.getDefaultInstance()), first);

    BoundConfig next = bind(withPolicy(limit(1, 60)), first);

    assertThat(firstBucket(next)).isSameAs(firstBucket(first));
  }
}
