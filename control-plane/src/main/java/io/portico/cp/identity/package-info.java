/**
 * Dataplane identities (spec/core.md §1.2): the certificate, key and trusted CAs a proxy of an mTLS
 * mesh gets in {@code ProxyConfig.identity}, issued by this control-plane instance from the mesh's
 * enabled CA, kept in memory per connected proxy and never stored. {@link
 * io.portico.cp.identity.IdentityUris} names the URI SANs, {@link
 * io.portico.cp.identity.IdentityIssuer} signs, {@link io.portico.cp.identity.DataplaneIdentities}
 * decides when a new one is due.
 *
 * <p>Threading: called on the DP server's sync thread; stateless apart from the store reads of the
 * CA. Private keys are never logged or printed.
 */
package io.portico.cp.identity;
