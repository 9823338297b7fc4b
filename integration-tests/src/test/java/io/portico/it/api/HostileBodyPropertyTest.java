package io.portico.it.api;

import static io.portico.it.api.ApiUnderTest.CODEC;
import static io.portico.it.api.ApiUnderTest.canonical;
import static io.portico.it.api.ApiUnderTest.json;
import static io.portico.it.api.ApiUnderTest.withoutTimes;
import static io.portico.it.api.HostileInputPropertyTest.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.mesh.api.codec.MalformedDocumentException;
import io.portico.mesh.api.codec.TreeReader;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Strict bodies (issue 8, point 3), as a property over every kind: a valid example is written as
 * YAML or JSON and then made hostile as a body, not as a value. What the API must refuse (two
 * documents, a YAML tag, an alias to nothing, aliases beyond their bound, bytes that are not UTF-8,
 * a duplicate key, nesting beyond the bound) is refused with Kuma's JSON error, and the stored
 * resource is unchanged; what it may accept (a cut that still parses, an alias to a value anchored
 * before it, a byte-order mark) is stored as the parser read it, aliases expanded.
 */
class HostileBodyPropertyTest {
  static ApiUnderTest api;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
  private static final Pattern QUOTED_VALUE = Pattern.compile(": ?(\"[^\"\\\\]{1,40}\")");

  @BeforeContainer
  static void start() {
    api = ApiUnderTest.start();
  }

  @AfterContainer
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** What is done to the body. */
  enum Trick {
    SECOND_DOCUMENT(true),
    ROOT_TAG(true),
    VALUE_TAG(true),
    ALIAS_TO_NOTHING(true),
    BILLION_LAUGHS(true),
    INVALID_UTF8(true),
    DUPLICATE_KEY(true),
    DEEP_UNKNOWN_FIELD(true),
    CUT(false),
    ALIAS_OF_A_VALUE(false),
    BYTE_ORDER_MARK(false),
    CRLF_LINES(false);

    final boolean mustBeRefused;

    Trick(boolean mustBeRefused) {
      this.mustBeRefused = mustBeRefused;
    }
  }

  /** A trick on one example, at a position (a fraction of the body's length), as YAML or JSON. */
  record Body(int example, Trick trick, double at, boolean asYaml) {
    @Override
    public String toString() {
      JsonNode tree = api.examples.get(example);
      return trick
          + " at "
          + String.format("%.2f", at)
          + " of "
          + tree.path("type").asText()
          + " "
          + tree.path("name").asText()
          + (asYaml ? " as YAML" : " as JSON");
    }
  }

  @Provide
  Arbitrary<Body> bodies() {
    return Combinators.combine(
            Arbitraries.integers().between(0, api.examples.size() - 1),
            Arbitraries.of(Trick.class),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.of(false, true))
        .as(Body::new);
  }

  @Property(
      tries = 600,
      seed = "20261207",
      shrinking = ShrinkingMode.BOUNDED,
      edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
  void aHostileBodyIsRefusedOrStoredAsRead(@ForAll("bodies") Body body)
      throws JsonProcessingException {
    JsonNode example = api.examples.get(body.example());
    String path = ApiUnderTest.pathOf(example);
    HttpResponse<String> baseline = api.get(path);
    assertThat(baseline.statusCode()).isEqualTo(200);
    String text =
        body.asYaml() ? YAML.writeValueAsString(example) : JSON.writeValueAsString(example);
    byte[] bytes = apply(body, text);
    if (bytes == null) {
      return;
    }

    HttpResponse<String> answer =
        api.send("PUT", path, bytes, body.asYaml() ? "application/yaml" : "application/json");

    assertAnswered(answer);
    net.jqwik.api.statistics.Statistics.collect(body.trick(), answer.statusCode());
    if (body.trick().mustBeRefused) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    }
    if (answer.statusCode() >= 300) {
      assertThat(json(api.get(path)))
          .as("a refused write changes nothing")
          .isEqualTo(json(baseline));
      return;
    }
    try {
      String sent = new String(bytes, StandardCharsets.UTF_8);
      JsonNode parsed;
      try {
        parsed = body.asYaml() ? TreeReader.readYaml(sent) : TreeReader.readJson(sent);
      } catch (MalformedDocumentException e) {
        throw new AssertionError("accepted a body the parser refuses: " + e.getMessage(), e);
      }
      JsonNode stored = withoutTimes(json(api.get(path)));
      assertThat(canonical(stored))
          .as("stored as read")
          .isEqualTo(canonical(withoutTimes(CODEC.toTree(CODEC.fromTree(parsed)))));
      if (body.trick() == Trick.ALIAS_OF_A_VALUE
          || body.trick() == Trick.BYTE_ORDER_MARK
          || body.trick() == Trick.CRLF_LINES) {
        assertThat(canonical(stored))
            .as("the same resource as the example")
            .isEqualTo(canonical(withoutTimes(json(baseline))));
      }
    } finally {
      api.restore(example);
    }
  }

  /** The hostile body, or null when the trick does not apply to this example. */
  static byte[] apply(Body body, String text) {
    int at = (int) Math.floor(body.at() * text.length());
    return switch (body.trick()) {
      case SECOND_DOCUMENT -> bytes(body.asYaml() ? text + "---\n" + text : text + "\n" + text);
      case ROOT_TAG ->
          bytes((body.asYaml() ? "--- !custom\n" : "!!python/object:os.system ") + text);
      case VALUE_TAG -> replaceFirstValue(text, v -> "!!str " + v);
      case ALIAS_TO_NOTHING -> replaceFirstValue(text, v -> "*nothing");
      case BILLION_LAUGHS -> bytes(withField(text, body.asYaml(), "laughs", laughs()));
      case INVALID_UTF8 -> {
        byte[] plain = bytes(text);
        int position = Math.min(plain.length, (int) Math.floor(body.at() * plain.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, position);
        out.write(0xC3);
        out.write(0x28);
        out.write(plain, position, plain.length - position);
        yield out.toByteArray();
      }
      case DUPLICATE_KEY ->
          bytes(
              body.asYaml()
                  ? "name: duplicate\n" + text
                  : "{\"name\":\"duplicate\"," + text.substring(1));
      case DEEP_UNKNOWN_FIELD ->
          bytes(
              withField(
                  text,
                  body.asYaml(),
                  "deep",
                  "[".repeat(TreeReader.MAX_DEPTH + 1) + "]".repeat(TreeReader.MAX_DEPTH + 1)));
      case CUT -> at == 0 ? null : bytes(text.substring(0, at));
      case ALIAS_OF_A_VALUE -> aliasOfAValue(text);
      case BYTE_ORDER_MARK -> bytes("\uFEFF" + text);
      case CRLF_LINES -> bytes(text.replace("\n", "\r\n"));
    };
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** JSON and block YAML both: the first quoted scalar value, changed; null when there is none. */
  private static byte[] replaceFirstValue(
      String text, java.util.function.UnaryOperator<String> change) {
    Matcher m = QUOTED_VALUE.matcher(text);
    if (!m.find()) {
      return null;
    }
    return bytes(
        text.substring(0, m.start(1)) + change.apply(m.group(1)) + text.substring(m.end(1)));
  }

  /**
   * A quoted scalar that occurs twice as a value: the first anchored ({@code &v}), the second an
   * alias to it; null when no value repeats.
   */
  private static byte[] aliasOfAValue(String text) {
    Matcher m = QUOTED_VALUE.matcher(text);
    while (m.find()) {
      String value = m.group(1);
      int second = text.indexOf(value, m.end(1));
      while (second >= 0 && !isValuePosition(text, second)) {
        second = text.indexOf(value, second + 1);
      }
      if (second >= 0) {
        return bytes(
            text.substring(0, m.start(1))
                + "&v "
                + value
                + text.substring(m.end(1), second)
                + "*v "
                + text.substring(second + value.length()));
      }
    }
    return null;
  }

  private static boolean isValuePosition(String text, int at) {
    int before = at - 1;
    while (before >= 0 && text.charAt(before) == ' ') {
      before--;
    }
    return before >= 0 && (text.charAt(before) == ':' || text.charAt(before) == '-');
  }

  /** The document with one more (unknown) top-level field holding {@code valueText}. */
  private static String withField(String text, boolean asYaml, String name, String valueText) {
    if (asYaml) {
      return name + ": " + valueText.replace("\n", "\n  ") + "\n" + text;
    }
    return "{\"" + name + "\":" + valueText + "," + text.substring(1);
  }

  /**
   * Nine levels of nine aliases each: 9^9 values once expanded (in flow style, valid in JSON text).
   */
  private static String laughs() {
    StringBuilder out =
        new StringBuilder(
            "{\"a\": &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]");
    char previous = 'a';
    for (char c = 'b'; c <= 'i'; c++) {
      out.append(", \"").append(c).append("\": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        out.append(i == 0 ? "" : ",").append('*').append(previous);
      }
      out.append(']');
      previous = c;
    }
    return out.append('}').toString();
  }
}
