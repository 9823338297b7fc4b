/**
 * Who calls the REST API and what they may do (spec/core.md §6.3): user tokens (RS256 JWTs signed
 * by the {@code user-token-signing-key-<serial>} GlobalSecrets, revoked through {@code
 * user-token-revocations}), the admin token bootstrap, the localhost-is-admin rule, and the access
 * rules (secrets and writes need the admin group). Thread-safe: state lives in the store, parsed
 * keys are cached by secret version.
 */
package io.portico.cp.auth;
