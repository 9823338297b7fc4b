package io.portico.mesh.api.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.format.Quoting;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * Reads JSON and YAML text into JSON trees, strictly, in time linear in the input (the input the
 * API accepts, spec/core.md §5, docs/control-plane.md "Limits"):
 *
 * <ul>
 *   <li>JSON: one value, nothing after it, no duplicate keys.
 *   <li>YAML: documents are read from SnakeYAML's event stream, so that nothing is lost on the way:
 *       an alias is replaced by a copy of the value its anchor names (an alias to an anchor not
 *       defined before it is refused), a merge key {@code <<} merges the mappings it names, and
 *       every explicit tag ({@code !!str}, {@code !!python/object}, {@code !custom}) is refused.
 *       Plain scalars are typed by the YAML 1.2 core schema: {@code true}/{@code false}, {@code
 *       null}/{@code ~}/empty, decimal, octal ({@code 0o}) and hexadecimal ({@code 0x}) integers,
 *       decimal numbers; everything else ({@code yes}, {@code on}, {@code 1_000}) is a string.
 *   <li>Both: at most {@value #MAX_DEPTH} levels of nesting; keys are strings of at most {@value
 *       #MAX_KEY_LENGTH} characters, unique in their mapping; numbers are finite ({@code .inf},
 *       {@code .nan} are refused) and at most {@value #MAX_NUMBER_LENGTH} characters long, kept
 *       exact (decimals as {@link BigDecimal}); text is valid Unicode without control characters
 *       other than tab, line feed and carriage return; aliases add at most {@value
 *       #MAX_ALIAS_VALUES} values in all (a "billion laughs" document is refused, not expanded).
 * </ul>
 *
 * <p>Every refusal is a {@link MalformedDocumentException} naming where and what. Thread-safe.
 */
public final class TreeReader {
  public static final int MAX_DEPTH = 64;
  public static final int MAX_KEY_LENGTH = 1024;
  public static final int MAX_NUMBER_LENGTH = 1000;
  public static final int MAX_ALIAS_VALUES = 10_000;

  private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern OCTAL_INT = Pattern.compile("0o[0-7]+");
  private static final Pattern HEX_INT = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern NOT_FINITE =
      Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final String MERGE_KEY = "<<";
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private static final ObjectReader JSON =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxNumberLength(MAX_NUMBER_LENGTH)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                  .build())
          .nodeFactory(NODES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build()
          .reader();

  private TreeReader() {}

  /** One document of a YAML stream: where it starts (1-based line) and its tree. */
  public record Document(int line, JsonNode tree) {}

  /**
   * The documents of a YAML (or JSON) stream read up to the first malformed one, and that one's
   * failure.
   *
   * @param documents the non-empty documents before the failure (or all of them)
   * @param failure why reading stopped, or null when the whole stream was read
   * @param failedDocumentLine the 1-based line where the failing document starts (0 when unknown or
   *     when nothing failed)
   */
  public record Documents(
      List<Document> documents, MalformedDocumentException failure, int failedDocumentLine) {
    public Documents {
      documents = List.copyOf(documents);
    }
  }

  /**
   * Reads one JSON value.
   *
   * @throws MalformedDocumentException when the text is not exactly one acceptable JSON value
   */
  public static JsonNode readJson(String text) {
    JsonNode tree;
    try {
      tree = JSON.readTree(stripBom(text));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new MalformedDocumentException(
          "JSON",
          loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr(),
          oneLine(e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new MalformedDocumentException("JSON", 0, 0, "no value found");
    }
    checkJsonTree(tree);
    return tree;
  }

  /**
   * Reads the one document of a YAML (or JSON) text; empty documents around it are ignored.
   *
   * @throws MalformedDocumentException when the text is malformed, holds no document or several
   */
  public static JsonNode readYaml(String text) {
    Documents read = readYamlDocuments(text);
    if (read.failure() != null) {
      throw read.failure();
    }
    if (read.documents().isEmpty()) {
      throw new MalformedDocumentException("YAML", 0, 0, "no document found");
    }
    if (read.documents().size() > 1) {
      Document second = read.documents().get(1);
      throw new MalformedDocumentException(
          "YAML",
          second.line(),
          1,
          "expected one document but the input holds "
              + read.documents().size()
              + " (the second starts at line "
              + second.line()
              + ")");
    }
    return read.documents().get(0).tree();
  }

  /** Reads every non-empty document of a YAML (or JSON) stream, stopping at the first malformed. */
  public static Documents readYamlDocuments(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    Iterator<Event> events = new Yaml(options).parse(new StringReader(stripBom(text))).iterator();
    List<Document> documents = new ArrayList<>();
    DocumentBuilder builder = null;
    try {
      while (events.hasNext()) {
        Event event = events.next();
        if (event instanceof DocumentStartEvent) {
          builder = new DocumentBuilder();
          continue;
        }
        if (builder == null) {
          continue;
        }
        JsonNode root = builder.accept(event);
        if (root != null) {
          if (!root.isNull()) {
            documents.add(new Document(builder.line, root));
          }
          builder = null;
        }
      }
      return new Documents(documents, null, 0);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (e.getContext() != null) {
        Mark context = e.getContextMark();
        problem =
            e.getContext()
                + (context == null || context == mark
                    ? ""
                    : " started at line "
                        + (context.getLine() + 1)
                        + ", column "
                        + (context.getColumn() + 1))
                + ": "
                + problem;
      }
      return new Documents(
          documents,
          new MalformedDocumentException(
              "YAML",
              mark == null ? 0 : mark.getLine() + 1,
              mark == null ? 0 : mark.getColumn() + 1,
              oneLine(problem)),
          startLine(builder));
    } catch (YAMLException e) {
      return new Documents(
          documents,
          new MalformedDocumentException("YAML", 0, 0, oneLine(e.getMessage())),
          startLine(builder));
    } catch (MalformedDocumentException e) {
      return new Documents(documents, e, startLine(builder));
    }
  }

  private static int startLine(DocumentBuilder builder) {
    return builder == null ? 0 : builder.line;
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  // ---------------------------------------------------------------- YAML events → tree

  /** Builds one document's tree from its events; an explicit stack, no recursion. */
  private static final class DocumentBuilder {
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, Anchored> anchors = new HashMap<>();
    private int aliasValues;
    private int line;

    /** Consumes an event; answers the document's root once it is complete, else null. */
    JsonNode accept(Event event) {
      if (line == 0) {
        line = event.getStartMark() == null ? 1 : event.getStartMark().getLine() + 1;
      }
      if (event instanceof MappingStartEvent || event instanceof SequenceStartEvent) {
        CollectionStartEvent start = (CollectionStartEvent) event;
        refuseTag(start.getTag(), event);
        if (stack.size() >= MAX_DEPTH) {
          throw at(event, "nesting is deeper than " + MAX_DEPTH + " levels");
        }
        expectValueOrKey(event);
        stack.push(
            new Frame(
                event instanceof MappingStartEvent ? NODES.objectNode() : NODES.arrayNode(),
                start.getAnchor()));
        return null;
      }
      if (event instanceof MappingEndEvent || event instanceof SequenceEndEvent) {
        Frame done = stack.pop();
        done.applyMerges(event);
        remember(done.anchor, done.node, done.size);
        return add(done.node, done.size, event);
      }
      if (event instanceof ScalarEvent scalar) {
        refuseTag(scalar.getTag(), event);
        Frame top = stack.peek();
        if (top != null && top.isObject() && top.pendingKey == null) {
          top.pendingKey = key(scalar, event);
          top.pendingKeyIsMerge = top.pendingKey.equals(MERGE_KEY) && scalar.isPlain();
          return null;
        }
        JsonNode value = scalar(scalar, event);
        remember(scalar.getAnchor(), value, 1);
        return add(value, 1, event);
      }
      if (event instanceof AliasEvent alias) {
        Anchored target = anchors.get(alias.getAnchor());
        if (target == null) {
          throw at(
              event,
              "alias *"
                  + alias.getAnchor()
                  + " refers to no anchor &"
                  + alias.getAnchor()
                  + " defined before it");
        }
        Frame top = stack.peek();
        if (top != null && top.isObject() && top.pendingKey == null) {
          if (!target.node.isValueNode() || target.node.isNull()) {
            throw at(event, "a key must be a string, not an alias to a collection");
          }
          top.pendingKey = checkKey(target.node.asText(), event);
          return null;
        }
        aliasValues += target.size;
        if (aliasValues > MAX_ALIAS_VALUES) {
          throw at(
              event,
              "aliases expand to more than "
                  + MAX_ALIAS_VALUES
                  + " values: write the document without them");
        }
        return add(target.node.deepCopy(), target.size, event);
      }
      return null;
    }

    private void expectValueOrKey(Event event) {
      Frame top = stack.peek();
      if (top != null && top.isObject() && top.pendingKey == null) {
        throw at(event, "a key must be a string, not a mapping or a list");
      }
    }

    private void remember(String anchor, JsonNode node, int size) {
      if (anchor != null) {
        anchors.put(anchor, new Anchored(node, size));
      }
    }

    /** Adds a finished value to its parent; answers it when it is the document's root. */
    private JsonNode add(JsonNode value, int size, Event event) {
      Frame top = stack.peek();
      if (top == null) {
        return value;
      }
      top.size += size;
      if (top.node instanceof ArrayNode array) {
        array.add(value);
        return null;
      }
      ObjectNode object = (ObjectNode) top.node;
      String key = top.pendingKey;
      boolean isMerge = top.pendingKeyIsMerge;
      top.pendingKey = null;
      top.pendingKeyIsMerge = false;
      if (isMerge) {
        top.merges.add(value);
        return null;
      }
      if (object.has(key)) {
        throw at(event, "duplicate key \"" + key + "\"");
      }
      object.set(key, value);
      return null;
    }
  }

  private record Anchored(JsonNode node, int size) {}

  private static final class Frame {
    final JsonNode node;
    final String anchor;
    final List<JsonNode> merges = new ArrayList<>();
    String pendingKey;
    boolean pendingKeyIsMerge;
    int size = 1;

    Frame(JsonNode node, String anchor) {
      this.node = node;
      this.anchor = anchor;
    }

    boolean isObject() {
      return node instanceof ObjectNode;
    }

    /** YAML merge keys: the merged mappings' keys that the mapping does not set itself. */
    void applyMerges(Event event) {
      if (merges.isEmpty()) {
        return;
      }
      ObjectNode object = (ObjectNode) node;
      for (JsonNode merge : merges) {
        List<JsonNode> sources = new ArrayList<>();
        if (merge.isObject()) {
          sources.add(merge);
        } else if (merge.isArray()) {
          merge.forEach(sources::add);
        }
        for (JsonNode source : sources) {
          if (!source.isObject()) {
            throw at(event, "the merge key << takes a mapping or a list of mappings");
          }
          for (Entry<String, JsonNode> e : source.properties()) {
            if (!object.has(e.getKey())) {
              object.set(e.getKey(), e.getValue().deepCopy());
            }
          }
        }
      }
    }
  }

  private static void refuseTag(String tag, Event event) {
    if (tag != null && !tag.equals("!")) {
      throw at(event, "YAML tags are not accepted (found " + tag + "): remove the tag");
    }
  }

  private static String key(ScalarEvent scalar, Event event) {
    return checkKey(scalar.getValue(), event);
  }

  private static String checkKey(String key, Event event) {
    if (key.length() > MAX_KEY_LENGTH) {
      throw at(
          event, "a key of " + key.length() + " characters: expected at most " + MAX_KEY_LENGTH);
    }
    String problem = textProblem(key);
    if (problem != null) {
      throw at(event, "the key " + Quoting.quote(key) + " " + problem);
    }
    return key;
  }

  /** The value of a scalar by the YAML 1.2 core schema (plain) or as text (quoted, block). */
  private static JsonNode scalar(ScalarEvent scalar, Event event) {
    String value = scalar.getValue();
    if (!scalar.isPlain()) {
      return text(value, event);
    }
    switch (value) {
      case "", "~", "null", "Null", "NULL":
        return NODES.nullNode();
      case "true", "True", "TRUE":
        return NODES.booleanNode(true);
      case "false", "False", "FALSE":
        return NODES.booleanNode(false);
      default:
        break;
    }
    if (value.length() <= MAX_NUMBER_LENGTH + 2) {
      if (DECIMAL_INT.matcher(value).matches()) {
        return integer(new BigInteger(value.startsWith("+") ? value.substring(1) : value));
      }
      if (OCTAL_INT.matcher(value).matches()) {
        return integer(new BigInteger(value.substring(2), 8));
      }
      if (HEX_INT.matcher(value).matches()) {
        return integer(new BigInteger(value.substring(2), 16));
      }
      if (DECIMAL.matcher(value).matches()) {
        return NODES.numberNode(new BigDecimal(value));
      }
    } else if (isNumberLike(value)) {
      throw at(
          event,
          "a number of " + value.length() + " characters: expected at most " + MAX_NUMBER_LENGTH);
    }
    if (NOT_FINITE.matcher(value).matches()) {
      throw at(
          event,
          "the number "
              + value
              + " is not finite: expected a finite number (quote it if you mean the text)");
    }
    return text(value, event);
  }

  private static boolean isNumberLike(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        return false;
      }
    }
    return true;
  }

  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return NODES.numberNode(value.intValue());
    }
    if (value.bitLength() < 64) {
      return NODES.numberNode(value.longValue());
    }
    return NODES.numberNode(value);
  }

  private static JsonNode text(String value, Event event) {
    String problem = textProblem(value);
    if (problem != null) {
      throw at(event, "the text " + Quoting.quote(value) + " " + problem);
    }
    return NODES.textNode(value);
  }

  /**
   * What is wrong with a text, or null: an unpaired UTF-16 surrogate, or a control character other
   * than tab, line feed and carriage return.
   */
  static String textProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "holds an unpaired surrogate " + codePoint(c) + ": expected valid Unicode text";
      }
      if (Character.isLowSurrogate(c)) {
        return "holds an unpaired surrogate " + codePoint(c) + ": expected valid Unicode text";
      }
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return "holds the control character "
            + codePoint(c)
            + ": expected text without control characters other than tab and line breaks";
      }
    }
    return null;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  private static MalformedDocumentException at(Event event, String problem) {
    Mark mark = event.getStartMark();
    return new MalformedDocumentException(
        "YAML",
        mark == null ? 0 : mark.getLine() + 1,
        mark == null ? 0 : mark.getColumn() + 1,
        problem);
  }

  // ---------------------------------------------------------------- JSON tree checks

  /** Keys and texts of a parsed JSON tree; iterative over the (depth-bounded) tree. */
  private static void checkJsonTree(JsonNode root) {
    Deque<Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.push(Map.entry("", root));
    while (!pending.isEmpty()) {
      Entry<String, JsonNode> next = pending.pop();
      String path = next.getKey();
      JsonNode node = next.getValue();
      if (node.isTextual()) {
        String problem = textProblem(node.asText());
        if (problem != null) {
          throw new MalformedDocumentException(
              "JSON",
              0,
              0,
              where(path) + "the text " + Quoting.quote(node.asText()) + " " + problem);
        }
      } else if (node.isObject()) {
        for (Entry<String, JsonNode> e : node.properties()) {
          String key = e.getKey();
          String keyPath = path.isEmpty() ? key : path + "." + key;
          if (key.length() > MAX_KEY_LENGTH) {
            throw new MalformedDocumentException(
                "JSON",
                0,
                0,
                where(path)
                    + "a key of "
                    + key.length()
                    + " characters: expected at most "
                    + MAX_KEY_LENGTH);
          }
          String problem = textProblem(key);
          if (problem != null) {
            throw new MalformedDocumentException(
                "JSON", 0, 0, where(path) + "the key " + Quoting.quote(key) + " " + problem);
          }
          pending.push(Map.entry(keyPath, e.getValue()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
        }
      }
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "" : "at " + path + ": ";
  }

  /** SnakeYAML and Jackson messages span lines with source excerpts; keep the statements only. */
  private static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith(" in '") && !l.startsWith("    "))
        .map(String::trim)
        .reduce((a, b) -> a + "; " + b)
        .orElse("");
  }
}
