/**
 * Dataplane insights: the store-kept record of each proxy's config streams (connect and disconnect
 * times, configs sent, accepted and rejected), written by the DP server and read by the API's
 * {@code dataplanes+insights} overviews. Insights are deleted with their dataplane. Thread-safe:
 * writes are read-modify-write cycles on the store with optimistic concurrency.
 */
package io.portico.cp.insight;
