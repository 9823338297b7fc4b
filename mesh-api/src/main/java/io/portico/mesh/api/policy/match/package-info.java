/**
 * Which old-style policy applies where (spec/core.md §3.2, spec/gateway.md §4.2–4.4): pure
 * functions from policies (with their creation times) and tag maps to the winning policies. Used by
 * the compiler; no I/O, no threads, no state.
 *
 * <p>Every tie-break lives in {@link io.portico.mesh.api.policy.match.PolicyPrecedence}.
 */
package io.portico.mesh.api.policy.match;
