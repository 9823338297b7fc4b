/**
 * targetRef policies (spec/core.md §4): MeshTrafficPermission, MeshAccessLog and MeshTrace, their
 * shared {@link io.portico.mesh.api.policy.targetref.TargetRef} and its per-level rules. Specs sit
 * under {@code spec:} in the Universal form, so every validation path starts with {@code spec}.
 * Pure values and pure functions; no I/O, no threads.
 */
package io.portico.mesh.api.policy.targetref;
