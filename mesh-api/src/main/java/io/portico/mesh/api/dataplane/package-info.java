/** Resource kinds: dataplane. */
package io.portico.mesh.api.dataplane;
