/**
 * The compiler: from a mesh snapshot and one dataplane to that proxy's {@code ProxyConfig}, through
 * the packages that follow the data flow: {@code context} (the sorted, typed view of the mesh),
 * {@code gateway} (builtin gateways) or {@code sidecar} (sidecars and delegated gateways), both
 * using {@code endpoints} (where destinations are), {@code tls} (certificates, TLS toward clusters)
 * and {@code authorization} (TrafficPermission, MeshTrafficPermission), and producing a {@code
 * plan}, which {@code emit} writes as the wire contract. Entry point: {@link
 * io.portico.cp.compiler.ProxyConfigCompiler}.
 *
 * <p>Pure functions of their inputs: no I/O, no threads, no clock (an ArchUnit rule holds it). Safe
 * to call from any thread; the only thing shared between calls is what a snapshot derives once for
 * all its proxies ({@code CompilationInputs}: the sorted context, the endpoint index), an immutable
 * value.
 */
package io.portico.cp.compiler;
