/**
 * Validation: violations with Kuma-style field paths, collected all at once, and the tag and
 * selector rules shared by every kind (spec/core.md §0, spec/gateway.md §1.1).
 */
package io.portico.mesh.api.validation;
