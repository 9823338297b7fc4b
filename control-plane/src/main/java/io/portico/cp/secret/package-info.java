/**
 * Secrets as the control plane uses them: the base64 {@code data} of Secret and GlobalSecret
 * resources, read and written through the codec's JSON form (never through spec record fields), and
 * RSA signing keys kept in them as PEM. Stateless and thread-safe.
 */
package io.portico.cp.secret;
