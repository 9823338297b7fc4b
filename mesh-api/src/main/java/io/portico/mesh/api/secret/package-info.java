/** Resource kinds: secret. */
package io.portico.mesh.api.secret;
