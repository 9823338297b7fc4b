package io.portico.bench.routing;

import io.portico.proxy.routing.HostTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Virtual host selection ({@code HostTable.find}) for a table of {@code hosts} domains: nine in ten
 * exact ({@code svc-N.example.com}), one in ten wildcards ({@code *.team-N.example.com}), and a
 * catch-all {@code *}. Each benchmark rotates over 1,024 Host values of one kind:
 *
 * <ul>
 *   <li>{@code exactHit}: an exact domain, as the proxy passes it (lower case, no port);
 *   <li>{@code exactHitRawHeader}: the same with {@code HostTable.normalize} of a raw Host header
 *       with a port and upper case, as the proxy does per request;
 *   <li>{@code wildcardHit}: a name under one of the wildcards;
 *   <li>{@code fallbackToAny}: a name no exact or wildcard domain matches, so every wildcard is
 *       tried before {@code *} answers (the worst case).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HostTableBenchmark {
  private static final int INPUTS = 1024;

  @Param({"1", "100", "10000"})
  public int hosts;

  private HostTable<String> table;
  private String[] exact;
  private String[] rawHeaders;
  private String[] wildcard;
  private String[] unknown;
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    HostTable.Builder<String> builder = HostTable.builder();
    List<String> exactNames = new ArrayList<>();
    List<String> wildcardSuffixes = new ArrayList<>();
    int wildcards = hosts / 10;
    for (int i = 0; i < hosts - wildcards; i++) {
      String name = "svc-" + i + ".example.com";
      builder.add(name, "vh-" + name);
      exactNames.add(name);
    }
    for (int i = 0; i < wildcards; i++) {
      String suffix = "team-" + i + ".example.com";
      builder.add("*." + suffix, "vh-wild-" + suffix);
      wildcardSuffixes.add(suffix);
    }
    builder.add("*", "vh-any");
    table = builder.build();

    exact = new String[INPUTS];
    rawHeaders = new String[INPUTS];
    wildcard = new String[INPUTS];
    unknown = new String[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      String name =
          exactNames.isEmpty()
              ? "nothing.example.com"
              : exactNames.get(random.nextInt(exactNames.size()));
      exact[i] = name;
      rawHeaders[i] = name.toUpperCase(java.util.Locale.ROOT) + ":8080";
      wildcard[i] =
          wildcardSuffixes.isEmpty()
              ? "a.nothing.example.com"
              : "api-" + i + "." + wildcardSuffixes.get(random.nextInt(wildcardSuffixes.size()));
      unknown[i] = "host-" + i + ".elsewhere.org";
    }
  }

  private int index() {
    next = (next + 1) & (INPUTS - 1);
    return next;
  }

  @Benchmark
  public String exactHit() {
    return table.find(exact[index()]).orElse(null);
  }

  @Benchmark
  public String exactHitRawHeader() {
    return table.find(HostTable.normalize(rawHeaders[index()])).orElse(null);
  }

  @Benchmark
  public String wildcardHit() {
    return table.find(wildcard[index()]).orElse(null);
  }

  @Benchmark
  public String fallbackToAny() {
    return table.find(unknown[index()]).orElse(null);
  }
}
