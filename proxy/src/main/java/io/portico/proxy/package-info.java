/**
 * The {@code portico-dp} process: a proxy configured by the control plane over a stream. It knows
 * only the wire contract ({@code io.portico.proxy.api.v1}), never mesh resources.
 */
package io.portico.proxy;
