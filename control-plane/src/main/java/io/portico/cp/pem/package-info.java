/**
 * PEM text of certificates and keys (BouncyCastle): reading chains and keys in PKCS#1, PKCS#8 and
 * SEC1, writing them as OpenSSL does. Stateless, thread-safe.
 */
package io.portico.cp.pem;
