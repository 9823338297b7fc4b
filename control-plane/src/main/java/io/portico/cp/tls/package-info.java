/**
 * The control plane's server certificate (spec/core.md §5, §8 {@code general.tlsCertFile}): loaded
 * from the configured PEM files, or generated self-signed at first start with BouncyCastle and kept
 * in the work directory ({@code portico-cp.crt}, {@code portico-cp.key}) for later starts. Used
 * once at start, on the starting thread.
 */
package io.portico.cp.tls;
