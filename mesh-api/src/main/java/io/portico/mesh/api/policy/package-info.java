/** Resource kinds: policy. */
package io.portico.mesh.api.policy;
