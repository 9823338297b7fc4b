/** Resource kinds: gateway. */
package io.portico.mesh.api.gateway;
