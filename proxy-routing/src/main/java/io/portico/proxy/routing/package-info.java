/** Compiled lookups for the proxy: hosts, ordered routes, matchers, weighted picking. Pure Java. */
package io.portico.proxy.routing;
