/** Test support: echo server program, fake control plane, test PKI. */
package io.portico.testing;
