/**
 * Secrets: mesh-scoped Secret and GlobalSecret, base64 data, with their validators. Pure values, no
 * I/O, no threads.
 */
package io.portico.mesh.api.secret;
