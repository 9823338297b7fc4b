package io.portico.proxy.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The entries of a route table whose path condition is an exact path or a prefix, in a radix tree
 * of those paths: walking a request path down the tree meets exactly the prefixes the path starts
 * with, and at its end the exact paths equal to it. Each node keeps the indices of its entries in
 * ascending (table) order, so the caller can stop at the first entry that matches.
 *
 * <p>A tree of {@code n} keys has at most {@code 2n} nodes whatever the keys' lengths; a lookup
 * costs one child search per node on the path and one {@code startsWith} per edge. Each node links
 * to its nearest ancestor with prefix entries, so a lookup can visit the prefixes a path starts
 * with from the longest to the shortest without keeping a stack: the control plane orders longer
 * prefixes first (spec gateway.md §3.3), so the first match found in the longest usually ends the
 * search.
 */
final class PathIndex {
  private static final int[] NONE = new int[0];

  /** One node: the key that ends here (as prefix and/or exact path) and the edges below. */
  static final class Node {
    /** The edge label from the parent; empty for the root. */
    final String label;

    /** First character of each child's label, ascending (set once, before publication). */
    char[] firsts;

    Node[] children;

    /** Entries whose prefix is the key of this node, ascending. */
    final int[] prefixEntries;

    /** Entries whose exact path is the key of this node, ascending. */
    final int[] exactEntries;

    /** The nearest ancestor with prefix entries, or {@code null}. */
    final Node up;

    private Node(String label, int[] prefixEntries, int[] exactEntries, Node up) {
      this.label = label;
      this.prefixEntries = prefixEntries;
      this.exactEntries = exactEntries;
      this.up = up;
    }

    /** The child whose label starts with {@code c}, or {@code null}. */
    Node child(char c) {
      char[] keys = firsts;
      if (keys.length <= 8) {
        for (int i = 0; i < keys.length; i++) {
          if (keys[i] == c) {
            return children[i];
          }
        }
        return null;
      }
      int at = Arrays.binarySearch(keys, c);
      return at >= 0 ? children[at] : null;
    }
  }

  private final Node root;

  private PathIndex(Node root) {
    this.root = root;
  }

  Node root() {
    return root;
  }

  /** Collects keys; {@link #build} freezes them into a tree. */
  static final class Builder {
    private final MutableNode root = new MutableNode("");
    private boolean empty = true;

    void addPrefix(String prefix, int entry) {
      insert(prefix).prefixEntries.add(entry);
      empty = false;
    }

    void addExact(String path, int entry) {
      insert(path).exactEntries.add(entry);
      empty = false;
    }

    boolean isEmpty() {
      return empty;
    }

    PathIndex build() {
      return new PathIndex(root.freeze(null));
    }

    /** The node whose key is {@code key}, splitting an edge when the key ends inside one. */
    private MutableNode insert(String key) {
      MutableNode node = root;
      int pos = 0;
      while (pos < key.length()) {
        char c = key.charAt(pos);
        MutableNode child = node.children.get(c);
        if (child == null) {
          MutableNode leaf = new MutableNode(key.substring(pos));
          node.children.put(c, leaf);
          return leaf;
        }
        int common = commonPrefix(child.label, key, pos);
        if (common == child.label.length()) {
          node = child;
          pos += common;
          continue;
        }
        // The key leaves (or ends inside) the child's edge: split the edge at the divergence.
        MutableNode middle = new MutableNode(child.label.substring(0, common));
        child.label = child.label.substring(common);
        middle.children.put(child.label.charAt(0), child);
        node.children.put(c, middle);
        node = middle;
        pos += common;
      }
      return node;
    }

    private static int commonPrefix(String label, String key, int from) {
      int n = Math.min(label.length(), key.length() - from);
      int i = 0;
      while (i < n && label.charAt(i) == key.charAt(from + i)) {
        i++;
      }
      return i;
    }
  }

  private static final class MutableNode {
    String label;
    final TreeMap<Character, MutableNode> children = new TreeMap<>();
    final List<Integer> prefixEntries = new ArrayList<>(1);
    final List<Integer> exactEntries = new ArrayList<>(1);

    MutableNode(String label) {
      this.label = label;
    }

    Node freeze(Node up) {
      Node node = new Node(label, sorted(prefixEntries), sorted(exactEntries), up);
      Node upForChildren = node.prefixEntries.length > 0 ? node : up;
      char[] firsts = new char[children.size()];
      Node[] frozen = new Node[children.size()];
      int i = 0;
      for (var e : children.entrySet()) {
        firsts[i] = e.getKey();
        frozen[i] = e.getValue().freeze(upForChildren);
        i++;
      }
      node.firsts = firsts;
      node.children = frozen;
      return node;
    }

    private static int[] sorted(List<Integer> entries) {
      if (entries.isEmpty()) {
        return NONE;
      }
      int[] out = entries.stream().mapToInt(Integer::intValue).toArray();
      Arrays.sort(out);
      return out;
    }
  }
}
