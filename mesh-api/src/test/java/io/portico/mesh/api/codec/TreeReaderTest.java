package io.portico.mesh.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Strict JSON and YAML reading: each rule of {@link TreeReader} with the input it refuses. */
class TreeReaderTest {
  // ---------------------------------------------------------------- JSON

  @Test
  void jsonDuplicateKeysAreRefused() {
    assertThatThrownBy(() -> TreeReader.readJson("{\"a\": 1, \"a\": 2}"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void jsonWithAnythingAfterTheValueIsRefused() {
    assertThatThrownBy(() -> TreeReader.readJson("{\"a\": 1} {\"b\": 2}"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageStartingWith("malformed JSON at line 1");
  }

  @Test
  void jsonNestingIsBounded() {
    String ok = "[".repeat(TreeReader.MAX_DEPTH) + "]".repeat(TreeReader.MAX_DEPTH);
    assertThat(TreeReader.readJson(ok).isArray()).isTrue();
    String deep = "[".repeat(TreeReader.MAX_DEPTH + 1) + "]".repeat(TreeReader.MAX_DEPTH + 1);
    assertThatThrownBy(() -> TreeReader.readJson(deep))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void jsonNumbersAreKeptExactAndBoundedInLength() {
    JsonNode tree = TreeReader.readJson("{\"a\": 1.10, \"b\": 1e400, \"c\": 80.5}");
    assertThat(tree.get("a").decimalValue()).isEqualTo(new BigDecimal("1.10"));
    assertThat(tree.get("b").decimalValue()).isEqualTo(new BigDecimal("1e400"));
    assertThat(tree.get("c").isIntegralNumber()).isFalse();
    String longNumber = "1".repeat(TreeReader.MAX_NUMBER_LENGTH + 1);
    assertThatThrownBy(() -> TreeReader.readJson("{\"a\": " + longNumber + "}"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("Number value length");
  }

  @Test
  void jsonTextWithControlCharactersOrUnpairedSurrogatesIsRefused() {
    assertThatThrownBy(() -> TreeReader.readJson("{\"a\": {\"b\": \"x\\u0000y\"}}"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessage(
            "malformed JSON: at a.b: the text \"x\u0000y\" holds the control character U+0000:"
                + " expected text without control characters other than tab and line breaks");
    assertThatThrownBy(() -> TreeReader.readJson("{\"a\": [\"\\ud800\"]}"))
        .hasMessageContaining("at a[0]: the text")
        .hasMessageContaining("holds an unpaired surrogate U+D800");
    assertThatThrownBy(() -> TreeReader.readJson("{\"\\u0007\": 1}"))
        .hasMessageContaining("the key \"\u0007\" holds the control character U+0007");
    assertThat(
            TreeReader.readJson("{\"a\": \"tab\\tline\\nbreak\\r\\n\\ud83d\\ude00\"}")
                .get("a")
                .asText())
        .isEqualTo("tab\tline\nbreak\r\n\uD83D\uDE00");
  }

  @Test
  void jsonKeysAreBoundedInLength() {
    String key = "k".repeat(TreeReader.MAX_KEY_LENGTH + 1);
    assertThatThrownBy(() -> TreeReader.readJson("{\"" + key + "\": 1}"))
        .hasMessageContaining("a key of 1025 characters: expected at most 1024");
  }

  // ---------------------------------------------------------------- YAML: aliases and anchors

  @Test
  void anAliasInAStringFieldIsTheAnchoredValueNotItsName() {
    JsonNode tree = TreeReader.readYaml("a: &s hello\nb: *s\n");
    assertThat(tree.get("b").asText()).isEqualTo("hello");
  }

  @Test
  void anAliasOfAMappingIsACopyOfIt() {
    JsonNode tree =
        TreeReader.readYaml(
            "sources: &all [{match: {kuma.io/service: '*'}}]\ndestinations: *all\n");
    assertThat(tree.get("destinations")).isEqualTo(tree.get("sources"));
    assertThat(tree.get("destinations")).isNotSameAs(tree.get("sources"));
    assertThat(tree.at("/destinations/0/match/kuma.io~1service").asText()).isEqualTo("*");
  }

  @Test
  void anAliasToAnAnchorNotDefinedBeforeItIsRefused() {
    assertThatThrownBy(() -> TreeReader.readYaml("a: *nope\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessage(
            "malformed YAML at line 1, column 4: alias *nope refers to no anchor &nope defined"
                + " before it");
    assertThatThrownBy(() -> TreeReader.readYaml("a: &x [*x]\n"))
        .hasMessageContaining("alias *x refers to no anchor &x defined before it");
  }

  @Test
  @Timeout(10)
  void aliasesThatExpandBeyondTheBoundAreRefused() {
    StringBuilder laughs =
        new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    char previous = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      laughs.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        laughs.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      laughs.append("]\n");
      previous = c;
    }
    assertThatThrownBy(() -> TreeReader.readYaml(laughs.toString()))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("aliases expand to more than 10000 values");
  }

  @Test
  void mergeKeysMergeWhatTheMappingDoesNotSet() {
    JsonNode tree =
        TreeReader.readYaml(
            "base: &base {a: 1, b: 2}\nother: &other {c: 3}\nx:\n  <<: [*base, *other]\n  b: 20\n");
    assertThat(tree.get("x").toString()).isEqualTo("{\"b\":20,\"a\":1,\"c\":3}");
  }

  // ---------------------------------------------------------------- YAML: tags, documents, keys

  @Test
  void tagsAreRefusedWhereverTheyAre() {
    assertThatThrownBy(() -> TreeReader.readYaml("!!python/object:os.system\na: 1\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("YAML tags are not accepted (found tag:yaml.org,2002:python/object");
    assertThatThrownBy(() -> TreeReader.readYaml("--- !custom\na: 1\n"))
        .hasMessageContaining("YAML tags are not accepted (found !custom)");
    assertThatThrownBy(() -> TreeReader.readYaml("a: !!str 5\n"))
        .hasMessageContaining("YAML tags are not accepted (found tag:yaml.org,2002:str)");
    assertThatThrownBy(() -> TreeReader.readYaml("a: [!!int 5]\n"))
        .hasMessageContaining("YAML tags are not accepted");
  }

  @Test
  void exactlyOneDocumentIsRead() {
    assertThatThrownBy(() -> TreeReader.readYaml("a: 1\n---\nb: 2\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessage(
            "malformed YAML at line 3, column 1: expected one document but the input holds 2 (the"
                + " second starts at line 3)");
    assertThat(TreeReader.readYaml("---\na: 1\n---\n").get("a").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> TreeReader.readYaml("# nothing\n"))
        .hasMessageContaining("no document found");
  }

  @Test
  void severalDocumentsAreReadUpToTheFirstMalformedOne() {
    TreeReader.Documents read = TreeReader.readYamlDocuments("a: 1\n---\n---\nb: 2\n---\nc: [\n");
    assertThat(read.documents()).extracting(TreeReader.Document::line).containsExactly(1, 4);
    assertThat(read.failure()).isNotNull();
    assertThat(read.failedDocumentLine()).isEqualTo(6);
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> TreeReader.readYaml("a: 1\nb: 2\na: 3\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessage("malformed YAML at line 3, column 4: duplicate key \"a\"");
  }

  @Test
  void keysAreScalars() {
    assertThatThrownBy(() -> TreeReader.readYaml("? [a, b]\n: 1\n"))
        .hasMessageContaining("a key must be a string, not a mapping or a list");
    assertThat(TreeReader.readYaml("8080: web\n").get("8080").asText()).isEqualTo("web");
  }

  @Test
  void nestingIsBounded() {
    String deep = "[".repeat(TreeReader.MAX_DEPTH + 1) + "]".repeat(TreeReader.MAX_DEPTH + 1);
    assertThatThrownBy(() -> TreeReader.readYaml(deep))
        .hasMessageContaining("nesting is deeper than 64 levels");
  }

  // ---------------------------------------------------------------- YAML: scalars

  @Test
  void plainScalarsFollowTheYaml12CoreSchema() {
    JsonNode tree =
        TreeReader.readYaml(
            "t: true\nf: False\nn: ~\ne:\ni: -42\no: 0o17\nh: 0x1F\nd: 1.10\nx: 1e3\n"
                + "yes: yes\nno: no\non: on\nu: 1_000\nv: v1\nq: '80'\n");
    assertThat(tree.get("t").booleanValue()).isTrue();
    assertThat(tree.get("f").isBoolean()).isTrue();
    assertThat(tree.get("n").isNull()).isTrue();
    assertThat(tree.get("e").isNull()).isTrue();
    assertThat(tree.get("i").intValue()).isEqualTo(-42);
    assertThat(tree.get("o").intValue()).isEqualTo(15);
    assertThat(tree.get("h").intValue()).isEqualTo(31);
    assertThat(tree.get("d").decimalValue()).isEqualTo(new BigDecimal("1.10"));
    assertThat(tree.get("x").decimalValue()).isEqualTo(new BigDecimal("1e3"));
    assertThat(tree.get("yes").textValue()).isEqualTo("yes");
    assertThat(tree.get("no").textValue()).isEqualTo("no");
    assertThat(tree.get("on").textValue()).isEqualTo("on");
    assertThat(tree.get("u").textValue()).isEqualTo("1_000");
    assertThat(tree.get("v").textValue()).isEqualTo("v1");
    assertThat(tree.get("q").textValue()).isEqualTo("80");
  }

  @Test
  void numbersThatAreNotFiniteAreRefusedUnlessQuoted() {
    assertThatThrownBy(() -> TreeReader.readYaml("a: .nan\n"))
        .hasMessageContaining("the number .nan is not finite");
    assertThatThrownBy(() -> TreeReader.readYaml("a: -.inf\n"))
        .hasMessageContaining("the number -.inf is not finite");
    assertThat(TreeReader.readYaml("a: '.inf'\n").get("a").textValue()).isEqualTo(".inf");
  }

  @Test
  void escapedControlCharactersAreRefused() {
    assertThatThrownBy(() -> TreeReader.readYaml("a: \"x\\x01\"\n"))
        .hasMessageContaining("holds the control character U+0001");
  }

  @Test
  void aLeadingByteOrderMarkIsIgnored() {
    assertThat(TreeReader.readYaml("\uFEFFa: 1\n").get("a").intValue()).isEqualTo(1);
    assertThat(TreeReader.readJson("\uFEFF{\"a\": 1}").get("a").intValue()).isEqualTo(1);
  }
}
