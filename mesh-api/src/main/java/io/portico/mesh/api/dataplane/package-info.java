/**
 * The Dataplane resource: its spec (inbounds, outbounds, gateway mode, probes), its validator and
 * the address syntax shared by every proxy kind. Pure values, no I/O, no threads.
 */
package io.portico.mesh.api.dataplane;
