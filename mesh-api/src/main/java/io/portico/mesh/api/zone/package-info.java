/**
 * The multizone resources: Zone, ZoneIngress and ZoneEgress, with their validators. Pure values, no
 * I/O, no threads.
 */
package io.portico.mesh.api.zone;
