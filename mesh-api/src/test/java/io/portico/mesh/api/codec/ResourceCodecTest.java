package io.portico.mesh.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.format.GoDurations;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.Scope;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceCodecTest {
  enum Mode {
    ONE,
    TWO
  }

  record Inner(String queryParameters, int statusCode) {}

  record Thing(
      List<Inner> items,
      Duration connectTimeout,
      Map<String, String> tags,
      Mode mode,
      boolean crossMesh,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean passthrough)
      implements ResourceSpec {}

  record Nested(String value) implements ResourceSpec {}

  static final ResourceType<Thing> THING =
      new ResourceType<>(
          "Thing",
          "things",
          "thing",
          "things",
          Scope.MESH,
          SpecShape.INLINE,
          Thing.class,
          (s, e) -> {},
          false);
  static final ResourceType<Nested> NESTED =
      new ResourceType<>(
          "Nest",
          "nests",
          "nest",
          "nests",
          Scope.MESH,
          SpecShape.NESTED,
          Nested.class,
          (s, e) -> {},
          false);

  final ResourceCodec codec = new ResourceCodec(new ResourceTypes(List.of(THING, NESTED)));

  @Test
  void readsSnakeAndCamelCaseNames() {
    Resource<?> r =
        codec.readResource(
            """
            type: Thing
            mesh: default
            name: t1
            items:
              - query_parameters: a
                status_code: 301
              - queryParameters: b
                statusCode: 302
            connect_timeout: 1h30m
            """);
    Thing t = (Thing) r.spec();
    assertThat(t.items()).containsExactly(new Inner("a", 301), new Inner("b", 302));
    assertThat(t.connectTimeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(r.mesh()).isEqualTo("default");
    assertThat(r.name()).isEqualTo("t1");
  }

  @Test
  void writesCamelCaseAndOmitsDefaultsButKeepsWrapperFalse() {
    Thing t =
        new Thing(List.of(), Duration.ofMillis(25), Map.of("b", "2", "a", "1"), null, false, false);
    String json = codec.toJson(Resource.of(THING, "default", "t1", t));
    assertThat(json)
        .contains("\"connectTimeout\" : \"0.025s\"")
        .contains("\"passthrough\" : false")
        .doesNotContain("crossMesh")
        .doesNotContain("items")
        .doesNotContain("mode");
  }

  @Test
  void readsKubernetesFormWithTopLevelMesh() {
    Resource<?> r =
        codec.readResource(
            """
            apiVersion: kuma.io/v1alpha1
            kind: Thing
            mesh: other
            metadata:
              name: t2
            spec:
              mode: TWO
            """);
    assertThat(r.mesh()).isEqualTo("other");
    assertThat(((Thing) r.spec()).mode()).isEqualTo(Mode.TWO);
  }

  @Test
  void nestedSpecRoundTrips() {
    Resource<?> r = codec.readResource("type: Nest\nmesh: m\nname: n\nspec:\n  value: x\n");
    assertThat(codec.toTree(r).path("spec").path("value").asText()).isEqualTo("x");
  }

  @Test
  void wrongFieldTypeNamesTheField() {
    assertThatThrownBy(
            () ->
                codec.readResource("type: Thing\nmesh: m\nname: n\nitems:\n  - statusCode: abc\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("items[0].statusCode"));
  }

  @Test
  void unknownEnumValueListsTheAllowedOnes() {
    assertThatThrownBy(() -> codec.readResource("type: Thing\nmesh: m\nname: n\nmode: THREE\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new Violation(
                            "mode", "unknown value \"THREE\": expected one of ONE, TWO")));
  }

  @Test
  void badDurationNamesTheFieldAndTheValue() {
    assertThatThrownBy(
            () -> codec.readResource("type: Thing\nmesh: m\nname: n\nconnectTimeout: soon\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.violations()).hasSize(1);
              assertThat(e.violations().get(0).field()).isEqualTo("connectTimeout");
              assertThat(e.violations().get(0).message()).contains("\"soon\"");
            });
  }

  @Test
  void missingMetaIsReportedAllAtOnce() {
    assertThatThrownBy(() -> codec.readResource("type: Thing\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("name", "mesh"));
  }

  @Test
  void unknownTypeIsNamed() {
    assertThatThrownBy(() -> codec.readResource("type: Nope\nname: x\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.violations().get(0).message()).startsWith("unknown type \"Nope\""));
  }

  @Test
  void multiDocumentInputKeepsPositionsAndSkipsEmptyDocuments() {
    List<ParsedDocument> docs =
        codec.readDocuments(
            "---\ntype: Thing\nmesh: m\nname: a\n---\n---\ntype: Nope\nname: b\n---\ntype: Thing\nmesh: m\nname: c\n");
    assertThat(docs).extracting(ParsedDocument::number).containsExactly(1, 2, 3);
    assertThat(docs).extracting(ParsedDocument::isParsed).containsExactly(true, false, true);
    assertThat(docs.get(1).line()).isEqualTo(7);
  }

  @Test
  void malformedYamlIsAViolationWithALine() {
    List<ParsedDocument> docs = codec.readDocuments("type: Thing\nname: [unclosed\n");
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).violations().get(0).message()).startsWith("malformed YAML at line");
  }

  @Test
  void goDurations() {
    assertThat(GoDurations.parse("0.025s")).isEqualTo(Duration.ofMillis(25));
    assertThat(GoDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("720h")).isEqualTo(Duration.ofDays(30));
    assertThat(GoDurations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("3600s");
    assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThatThrownBy(() -> GoDurations.parse("5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoDurations.parse("5x")).isInstanceOf(IllegalArgumentException.class);
  }
}
