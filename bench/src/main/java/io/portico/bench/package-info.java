/**
 * JMH micro-benchmarks of Portico's hot paths: the proxy's compiled lookups ({@code routing}) and
 * the control plane's config compilation ({@code compiler}). Run from the uber-jar {@code
 * bench/target/benchmarks.jar} (see {@code bench/README.md}); the Maven build only compiles them.
 *
 * <p>Threading: each benchmark's state is owned by JMH; benchmarks run single-threaded unless JMH
 * is told otherwise ({@code -t}).
 */
package io.portico.bench;
