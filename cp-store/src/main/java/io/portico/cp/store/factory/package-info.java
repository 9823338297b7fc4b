/** Opens the store named by settings; the only place that knows every implementation. */
package io.portico.cp.store.factory;
