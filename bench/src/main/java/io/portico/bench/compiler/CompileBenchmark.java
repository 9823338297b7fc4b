package io.portico.bench.compiler;

import io.portico.cp.compiler.MeshSnapshot;
import io.portico.cp.compiler.ProxyConfigCompiler;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.proxy.api.v1.ProxyConfig;
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
 * The control plane's compile time of one proxy's config ({@code ProxyConfigCompiler.compile}) in a
 * mesh of {@code dataplanes} dataplanes ({@link MeshFixture}): {@code builtinGateway} for a gateway
 * dataplane (MeshGateway with 5 listeners, MeshGatewayRoutes to up to 200 services, policies per
 * route and cluster) and {@code sidecar} for a sidecar with 5 outbounds.
 *
 * <p>A change to a mesh input recompiles every connected proxy of the mesh, so the time to follow a
 * change for the whole mesh is about {@code dataplanes × sidecar} (on one core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class CompileBenchmark {
  @Param({"1000", "10000"})
  public int dataplanes;

  @Param({"false", "true"})
  public boolean mtls;

  private final ProxyConfigCompiler compiler = new ProxyConfigCompiler();
  private MeshSnapshot snapshot;
  private Resource<DataplaneSpec> gateway;
  private Resource<DataplaneSpec> sidecar;

  @Setup
  public void setUp() {
    MeshFixture fixture = MeshFixture.of(dataplanes, mtls);
    snapshot = fixture.snapshot();
    gateway = fixture.dataplane(MeshFixture.GATEWAY);
    sidecar = fixture.dataplane(MeshFixture.SIDECAR);
    ProxyConfig gatewayConfig = compiler.compile(snapshot, gateway);
    ProxyConfig sidecarConfig = compiler.compile(snapshot, sidecar);
    System.out.printf(
        "%nmesh: %s; gateway config: %d listeners, %d clusters, %d bytes;"
            + " sidecar config: %d listeners, %d clusters, %d bytes%n",
        fixture.counts(),
        gatewayConfig.getListenersCount(),
        gatewayConfig.getClustersCount(),
        gatewayConfig.getSerializedSize(),
        sidecarConfig.getListenersCount(),
        sidecarConfig.getClustersCount(),
        sidecarConfig.getSerializedSize());
  }

  @Benchmark
  public ProxyConfig builtinGateway() {
    return compiler.compile(snapshot, gateway);
  }

  @Benchmark
  public ProxyConfig sidecar() {
    return compiler.compile(snapshot, sidecar);
  }
}
