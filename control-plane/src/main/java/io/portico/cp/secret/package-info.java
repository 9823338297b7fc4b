/**
 * Secrets as the control plane uses them: the base64 {@code data} of Secret and GlobalSecret
 * resources, read and written through the codec's JSON form (never through spec record fields), and
 * RSA signing keys kept in them as PEM; and the content of data sources ({@link
 * io.portico.cp.secret.DataSourceResolver}: a Secret of the mesh, a file on the control plane,
 * inline bytes or text), read on the caller's thread. Stateless and thread-safe.
 */
package io.portico.cp.secret;
