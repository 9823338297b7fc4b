/**
 * YAML and JSON forms of resources: Universal and Kubernetes envelopes, multi-document input,
 * camelCase and snake_case names, Go durations. Thread-safe.
 */
package io.portico.mesh.api.codec;
