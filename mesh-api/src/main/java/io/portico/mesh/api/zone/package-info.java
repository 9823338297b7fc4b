/** Resource kinds: zone. */
package io.portico.mesh.api.zone;
