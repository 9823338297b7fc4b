/**
 * The Mesh resource: its spec (mTLS, observability backends, routing, membership constraints), its
 * validator and Kuma duration strings. Pure values, no I/O, no threads.
 */
package io.portico.mesh.api.mesh;
