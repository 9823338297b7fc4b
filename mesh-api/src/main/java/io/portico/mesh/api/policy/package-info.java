/**
 * Old-style policies (spec/core.md §3): the {@code sources}/{@code destinations} connection
 * policies, the {@code selectors} dataplane policies, and ExternalService. Each kind is a spec
 * record beside its validator. Pure values and pure functions; no I/O, no threads.
 *
 * <p>{@link io.portico.mesh.api.policy.ConnectionPolicySpec} and {@link
 * io.portico.mesh.api.policy.DataplanePolicySpec} expose the selectors that {@link
 * io.portico.mesh.api.policy.match} uses to pick the policy that applies.
 */
package io.portico.mesh.api.policy;
