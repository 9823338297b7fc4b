/** The registry of every resource type, looked up by name, REST plural or CLI name. */
package io.portico.mesh.api.types;
