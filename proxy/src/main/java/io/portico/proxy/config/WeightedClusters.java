package io.portico.proxy.config;

import java.util.List;
import java.util.Objects;

/**
 * The clusters a route forwards to, or a TCP listener connects to, and their weights (spec
 * gateway.md §3.4): plain values. The {@code bind} step keeps the smooth weighted round-robin over
 * them at {@code slot}; a single choice of weight 0 is picked as if its weight were 1.
 *
 * @param slot where the binding keeps the round-robin: the index of this value in {@link
 *     RuntimeConfig#weightedClusters()}
 * @param key the route or listener across configs (its config path): a binding keeps the previous
 *     binding's round-robin for the same key when the choices are equal
 * @param choices in config order; empty only for a TCP listener (connections are closed)
 */
public record WeightedClusters(int slot, String key, List<Choice> choices) {
  /** A cluster, by name, and its relative weight. */
  public record Choice(String cluster, long weight) {
    public Choice {
      Objects.requireNonNull(cluster, "cluster");
      if (weight < 0) {
        throw new IllegalArgumentException("weight must be >= 0, got " + weight);
      }
    }
  }

  public WeightedClusters {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must not be negative, got " + slot);
    }
    Objects.requireNonNull(key, "key");
    choices = List.copyOf(choices);
  }
}
