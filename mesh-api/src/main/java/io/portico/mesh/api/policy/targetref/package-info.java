/** Resource kinds: policy.targetref. */
package io.portico.mesh.api.policy.targetref;
