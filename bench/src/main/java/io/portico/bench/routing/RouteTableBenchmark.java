package io.portico.bench.routing;

import io.portico.proxy.routing.HeaderMatcher;
import io.portico.proxy.routing.PathMatcher;
import io.portico.proxy.routing.PathNormalizer;
import io.portico.proxy.routing.RouteMatcher;
import io.portico.proxy.routing.RouteTable;
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
 * First-match route selection ({@code RouteTable.find}) in a virtual host of {@code entries}
 * entries, all of one {@code kind}:
 *
 * <ul>
 *   <li>{@code PREFIX}: {@code /api/svc-N} prefixes;
 *   <li>{@code EXACT}: {@code /api/svc-N/items} exact paths;
 *   <li>{@code REGEX}: {@code ^/api/svc-N/items/[0-9]+$} whole-path expressions;
 *   <li>{@code HEADER}: prefix {@code /api} and header {@code x-tenant: tenant-N} (exact);
 *   <li>{@code MIXED}: the four kinds in turn, then a catch-all prefix {@code /} as last entry.
 * </ul>
 *
 * {@code uniformHit} rotates over 1,024 requests each matching a random entry (on average half of
 * the table is tried); {@code miss} matches no entry, so every matcher runs (the worst case; for
 * {@code MIXED} the catch-all answers). {@code normalizeAndFind} adds the per-request path
 * normalization of a clean path, as the proxy does before matching.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteTableBenchmark {
  private static final int INPUTS = 1024;

  /** The kind of match condition of every entry. */
  public enum Kind {
    PREFIX,
    EXACT,
    REGEX,
    HEADER,
    MIXED
  }

  @Param({"10", "100", "1000"})
  public int entries;

  @Param({"PREFIX", "EXACT", "REGEX", "HEADER", "MIXED"})
  public Kind kind;

  private RouteTable<String> table;
  private BenchRequest[] hits;
  private BenchRequest[] misses;
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    RouteTable.Builder<String> builder = RouteTable.builder();
    Kind[] kinds = new Kind[entries];
    for (int i = 0; i < entries; i++) {
      Kind k = kind == Kind.MIXED ? Kind.values()[i % 4] : kind;
      kinds[i] = k;
      builder.add(matcher(k, i), "route-" + i);
    }
    if (kind == Kind.MIXED) {
      builder.add(RouteMatcher.path(PathMatcher.prefix("/")), "catch-all");
    }
    table = builder.build();

    hits = new BenchRequest[INPUTS];
    misses = new BenchRequest[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      int entry = random.nextInt(entries);
      hits[i] = request(kinds[entry], entry, i);
      misses[i] = BenchRequest.get("/other/svc-" + i + "/items/" + i, "x-tenant", "nobody");
    }
    for (BenchRequest hit : hits) {
      if (table.find(hit).isEmpty()) {
        throw new IllegalStateException("benchmark request matches no entry: " + hit);
      }
    }
  }

  private static RouteMatcher matcher(Kind kind, int i) {
    return switch (kind) {
      case PREFIX -> RouteMatcher.path(PathMatcher.prefix("/api/svc-" + i + "/"));
      case EXACT -> RouteMatcher.path(PathMatcher.exact("/api/svc-" + i + "/items"));
      case REGEX -> RouteMatcher.path(PathMatcher.regex("^/api/svc-" + i + "/items/[0-9]+$"));
      case HEADER ->
          new RouteMatcher(
              PathMatcher.prefix("/api/"),
              "",
              List.of(new HeaderMatcher.Exact("x-tenant", "tenant-" + i)),
              List.of());
      case MIXED -> throw new IllegalArgumentException("MIXED is not a kind of entry");
    };
  }

  private static BenchRequest request(Kind kind, int entry, int i) {
    return switch (kind) {
      case PREFIX -> BenchRequest.get("/api/svc-" + entry + "/items/" + i);
      case EXACT -> BenchRequest.get("/api/svc-" + entry + "/items");
      case REGEX -> BenchRequest.get("/api/svc-" + entry + "/items/" + i);
      case HEADER -> BenchRequest.get("/api/orders/" + i, "x-tenant", "tenant-" + entry);
      case MIXED -> throw new IllegalArgumentException("MIXED is not a kind of entry");
    };
  }

  private int index() {
    next = (next + 1) & (INPUTS - 1);
    return next;
  }

  @Benchmark
  public String uniformHit() {
    return table.find(hits[index()]).orElse(null);
  }

  @Benchmark
  public String miss() {
    return table.find(misses[index()]).orElse(null);
  }

  @Benchmark
  public String normalizeAndFind() {
    BenchRequest request = hits[index()];
    String path = PathNormalizer.normalize(request.path());
    return path == request.path() ? table.find(request).orElse(null) : null;
  }
}
