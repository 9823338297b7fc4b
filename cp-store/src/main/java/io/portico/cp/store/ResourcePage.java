package io.portico.cp.store;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the resources of the page, sorted by (mesh, name)
 * @param total how many resources match the query in all
 * @param nextOffset the offset of the next page, or -1 when this is the last one
 */
public record ResourcePage<S extends ResourceSpec>(
    List<Resource<S>> items, int total, int nextOffset) {
  public ResourcePage {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return nextOffset >= 0;
  }

  /** Cuts a page out of the whole sorted list of matching resources. */
  public static <S extends ResourceSpec> ResourcePage<S> slice(
      List<Resource<S>> sorted, ListQuery query) {
    int total = sorted.size();
    int from = Math.min(query.offset(), total);
    int to = query.size() == 0 ? total : Math.min(total, from + query.size());
    return new ResourcePage<>(sorted.subList(from, to), total, to < total ? to : -1);
  }
}
