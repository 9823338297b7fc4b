package io.portico.proxy.config;

import java.util.List;

/**
 * Header changes of a route (spec gateway.md §3.4): removals first, then {@code set} (replace all
 * values), then {@code add} (append). A {@code set} of {@code host} or {@code :authority} on a
 * request is not kept here: it becomes the forward's authority rewrite.
 */
public record HeaderMutation(List<Header> set, List<Header> add, List<String> remove) {
  public static final HeaderMutation NONE = new HeaderMutation(List.of(), List.of(), List.of());

  public HeaderMutation {
    set = List.copyOf(set);
    add = List.copyOf(add);
    remove = List.copyOf(remove);
  }

  public boolean isEmpty() {
    return set.isEmpty() && add.isEmpty() && remove.isEmpty();
  }
}
