/**
 * Insights: read-only resources that the control plane writes about what it observes (a proxy's
 * connections to control planes, the configs it was sent, accepted and rejected). Pure values, no
 * I/O, no threads.
 */
package io.portico.mesh.api.insight;
