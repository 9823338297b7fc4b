/**
 * Dataplane tokens (spec/core.md §6.1): issuing them ({@code POST /tokens/dataplane}), checking
 * them when a proxy opens its config stream, and deciding whether a token allows a given dataplane.
 * Signing keys are mesh Secrets {@code dataplane-token-signing-key-<mesh>-<serial>}; revocations
 * the Secret {@code dataplane-token-revocations-<mesh>}. Thread-safe: every call reads the store.
 */
package io.portico.cp.dptoken;
