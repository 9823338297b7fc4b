package io.portico.format;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The subset of Mustache that resource templates use ({@code porticoctl apply --var} and {@code
 * portico-dp --dataplane-var}), written here rather than pulled in as a library because its
 * escaping must be Go's (spec/core.md §6.5; Kuma renders with hoisie/mustache):
 *
 * <ul>
 *   <li>{@code {{name}}} inserts a value HTML-escaped as Go's {@code template.HTMLEscape} does
 *       ({@code & < > " '} become {@code &amp; &lt; &gt; &#34; &#39;});
 *   <li>{@code {{{name}}}} and {@code {{& name}}} insert it as is;
 *   <li>dotted names ({@code {{a.b}}}) walk nested maps; a missing name renders as nothing;
 *   <li>{@code {{#name}}...{{/name}}} renders its body when the value is set and not empty, with
 *       the value's fields in scope; {@code {{^name}}...{{/name}}} when it is not;
 *   <li>{@code {{! comment}}} renders as nothing.
 * </ul>
 *
 * Partials ({@code {{> x}}}) and delimiter changes ({@code {{=<% %>=}}}) are rejected. Immutable.
 */
public final class MustacheTemplate {
  private sealed interface Node permits Text, Variable, Section {}

  private record Text(String text) implements Node {}

  private record Variable(String name, boolean escaped) implements Node {}

  private record Section(String name, boolean inverted, List<Node> body) implements Node {}

  private final List<Node> nodes;

  private MustacheTemplate(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the line of an unclosed or unsupported tag
   */
  public static MustacheTemplate parse(String template) {
    Deque<List<Node>> bodies = new ArrayDeque<>();
    Deque<String> openNames = new ArrayDeque<>();
    Deque<Integer> openLines = new ArrayDeque<>();
    Deque<Boolean> openInverted = new ArrayDeque<>();
    bodies.push(new ArrayList<>());
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf("{{", at);
      if (open < 0) {
        bodies.peek().add(new Text(template.substring(at)));
        break;
      }
      if (open > at) {
        bodies.peek().add(new Text(template.substring(at, open)));
      }
      int line = lineOf(template, open);
      if (template.startsWith("{{{", open)) {
        int close = template.indexOf("}}}", open + 3);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed tag {{{ at line " + line + ": expected }}}");
        }
        bodies.peek().add(new Variable(name(template.substring(open + 3, close), line), false));
        at = close + 3;
        continue;
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed tag {{ at line " + line + ": expected }}");
      }
      String tag = template.substring(open + 2, close).trim();
      at = close + 2;
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("empty tag {{}} at line " + line + ": expected a name");
      }
      char kind = tag.charAt(0);
      String rest = tag.substring(1);
      switch (kind) {
        case '!' -> {}
        case '#', '^' -> {
          openNames.push(name(rest, line));
          openLines.push(line);
          openInverted.push(kind == '^');
          bodies.push(new ArrayList<>());
        }
        case '/' -> {
          String name = name(rest, line);
          if (openNames.isEmpty()) {
            throw new IllegalArgumentException(
                "{{/" + name + "}} at line " + line + " closes a section that was never opened");
          }
          if (!openNames.peek().equals(name)) {
            throw new IllegalArgumentException(
                "{{/"
                    + name
                    + "}} at line "
                    + line
                    + ": expected {{/"
                    + openNames.peek()
                    + "}} to close the section opened at line "
                    + openLines.peek());
          }
          List<Node> body = bodies.pop();
          openLines.pop();
          bodies.peek().add(new Section(openNames.pop(), openInverted.pop(), body));
        }
        case '&' -> bodies.peek().add(new Variable(name(rest, line), false));
        case '>' ->
            throw new IllegalArgumentException(
                "partial {{" + tag + "}} at line " + line + " is not supported");
        case '=' ->
            throw new IllegalArgumentException(
                "delimiter change {{" + tag + "}} at line " + line + " is not supported");
        default -> bodies.peek().add(new Variable(name(tag, line), true));
      }
    }
    if (!openNames.isEmpty()) {
      throw new IllegalArgumentException(
          "section {{#"
              + openNames.peek()
              + "}} opened at line "
              + openLines.peek()
              + " is not closed: expected {{/"
              + openNames.peek()
              + "}}");
    }
    return new MustacheTemplate(bodies.pop());
  }

  /** Renders with a context of strings and nested maps. */
  public String render(Map<String, Object> context) {
    StringBuilder out = new StringBuilder();
    Deque<Object> scopes = new ArrayDeque<>();
    scopes.push(context);
    render(nodes, scopes, out);
    return out.toString();
  }

  private static void render(List<Node> nodes, Deque<Object> scopes, StringBuilder out) {
    for (Node node : nodes) {
      if (node instanceof Text t) {
        out.append(t.text());
      } else if (node instanceof Variable v) {
        Object value = lookup(v.name(), scopes);
        String text = value instanceof Map || value == null ? "" : value.toString();
        out.append(v.escaped() ? htmlEscape(text) : text);
      } else if (node instanceof Section s) {
        Object value = lookup(s.name(), scopes);
        boolean truthy = isTruthy(value);
        if (s.inverted() && !truthy) {
          render(s.body(), scopes, out);
        } else if (!s.inverted() && truthy) {
          scopes.push(value);
          render(s.body(), scopes, out);
          scopes.pop();
        }
      }
    }
  }

  private static boolean isTruthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof String s) {
      return !s.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return !(value instanceof Boolean b) || b;
  }

  private static Object lookup(String name, Deque<Object> scopes) {
    if (name.equals(".")) {
      return scopes.peek();
    }
    String[] parts = name.split("\\.");
    Object found = null;
    for (Iterator<Object> it = scopes.iterator(); it.hasNext(); ) {
      Object scope = it.next();
      if (scope instanceof Map<?, ?> map && map.containsKey(parts[0])) {
        found = map.get(parts[0]);
        break;
      }
    }
    for (int i = 1; i < parts.length && found != null; i++) {
      found = found instanceof Map<?, ?> map ? map.get(parts[i]) : null;
    }
    return found;
  }

  /** Go's {@code text/template.HTMLEscape}, which hoisie/mustache applies to {@code {{x}}}. */
  public static String htmlEscape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&#34;");
        case '\'' -> out.append("&#39;");
        case '\0' -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String name(String raw, int line) {
    String name = raw.trim();
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "tag at line "
              + line
              + " has the name \""
              + name
              + "\": expected one word such as port or a.b");
    }
    return name;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
