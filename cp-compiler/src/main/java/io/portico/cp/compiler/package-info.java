/**
 * The compiler: from a mesh snapshot and one dataplane to that proxy's {@code ProxyConfig}. Pure
 * functions of their inputs: no I/O, no threads, no clock (an ArchUnit rule holds it).
 */
package io.portico.cp.compiler;
