package io.portico.cp.compiler.plan;

import java.util.List;

/**
 * Header changes, applied as removals, then {@code set} (replace), then {@code add} (append).
 *
 * @param set headers to replace
 * @param add headers to append
 * @param remove names to remove
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
