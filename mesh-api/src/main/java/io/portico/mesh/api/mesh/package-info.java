/** Resource kinds: mesh. */
package io.portico.mesh.api.mesh;
