package io.portico.cp;

import io.portico.cp.secret.RsaKeyPairs;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RSA key pairs for tests: two real RSA-2048 pairs generated once per JVM and handed out in turn,
 * because generating one takes about a second here.
 */
public final class FakeRsaKeyPairs implements RsaKeyPairs {
  private static final class Pool {
    static final List<KeyPair> KEYS =
        List.of(RsaKeyPairs.fresh().generate(), RsaKeyPairs.fresh().generate());
  }

  private final AtomicInteger next = new AtomicInteger();

  @Override
  public KeyPair generate() {
    return Pool.KEYS.get(Math.floorMod(next.getAndIncrement(), Pool.KEYS.size()));
  }
}
