/**
 * Test support: the test server program ({@link io.portico.testing.TestServer}, launched by {@code
 * bin/portico-testserver}) and, in sub-packages, echo upstreams ({@code echo}), a fake control
 * plane ({@code controlplane}) and a test PKI ({@code pki}).
 *
 * <p>Threading: the program's main thread starts one server and waits for the process to end; the
 * servers run on their own event loops.
 */
package io.portico.testing;
