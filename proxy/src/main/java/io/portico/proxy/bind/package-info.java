/**
 * What a compiled config becomes once it is in force: {@link io.portico.proxy.bind.ActiveConfig},
 * the config in force, swapped as a whole.
 *
 * <p>Threading: the thread applying configs swaps the active config; every event loop reads it
 * without locks.
 */
package io.portico.proxy.bind;
