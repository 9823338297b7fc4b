/**
 * The builtin gateway resources: MeshGateway (listeners), MeshGatewayRoute (HTTP and TCP rules) and
 * MeshGatewayInstance (Kubernetes deployment request), with their validators. Pure values, no I/O,
 * no threads.
 */
package io.portico.mesh.api.gateway;
