package io.portico.it.api;

import static io.portico.it.api.ApiUnderTest.CODEC;
import static io.portico.it.api.ApiUnderTest.json;
import static io.portico.it.api.ApiUnderTest.withoutTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.portico.format.GoDurations;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.TreeReader;
import io.portico.mesh.api.types.ResourceTypes;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * The REST API under hostile input, as properties over every resource kind (issue 8): a valid
 * example of each kind is changed at any field into a value of another type, a number too big or
 * fractional, a text too long or with control characters, a digit string where a duration goes,
 * deep nesting, a long array, or the field is dropped; the result is sent as JSON or as YAML. For
 * every such request, against the real control plane on SQLite with a gateway and a sidecar
 * connected:
 *
 * <ol>
 *   <li>an answer comes (within {@link ApiUnderTest#REQUEST_TIMEOUT}), never a 5xx, and every
 *       refusal is Kuma's JSON error with a title and details;
 *   <li>a refused write changed nothing;
 *   <li>an accepted write can be read back, and what is stored is what was accepted: the changed
 *       field holds the value sent (a duration or number by value), the resource is listed, and the
 *       mesh's proxies still get configs that the control plane compiles and the proxy's own
 *       validation accepts.
 * </ol>
 *
 * <p>Seeds are fixed so that a run is repeatable; change them to explore further. The bodies the
 * parser must refuse outright (two documents, tags, aliases, bad UTF-8) are {@link
 * HostileBodyPropertyTest}'s.
 */
class HostileInputPropertyTest {
  static ApiUnderTest api;
  private static final JsonMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

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

  /** A field of an example set to a hostile value, or removed ({@code value} null). */
  record Change(List<Hostile.Step> path, Hostile.Value value) {
    @Override
    public String toString() {
      return String.join("", path.stream().map(Hostile.Step::toString).toList())
          + (value == null ? " removed" : " := " + value);
    }
  }

  /** One to three hostile changes to one example, and the body format it is sent in. */
  record Mutation(int example, List<Change> changes, boolean asYaml) {
    JsonNode exampleTree() {
      return api.examples.get(example);
    }

    JsonNode apply() {
      JsonNode tree = exampleTree();
      for (Change change : changes) {
        if (Hostile.at(tree, change.path().subList(0, change.path().size() - 1)) != null) {
          tree =
              Hostile.with(
                  tree,
                  change.path(),
                  change.value() == null ? null : change.value().node().deepCopy());
        }
      }
      return tree;
    }

    @Override
    public String toString() {
      JsonNode tree = exampleTree();
      return tree.path("type").asText()
          + " "
          + tree.path("name").asText()
          + " "
          + changes
          + (asYaml ? " as YAML" : " as JSON");
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    List<Hostile.Value> values = Hostile.values();
    return Arbitraries.integers()
        .between(0, api.examples.size() - 1)
        .flatMap(
            i -> {
              List<List<Hostile.Step>> paths = Hostile.paths(api.examples.get(i));
              Arbitrary<Hostile.Value> value =
                  Arbitraries.frequencyOf(
                      net.jqwik.api.Tuple.of(1, Arbitraries.just((Hostile.Value) null)),
                      net.jqwik.api.Tuple.of(9, Arbitraries.of(values)));
              Arbitrary<Change> change =
                  Combinators.combine(Arbitraries.of(paths), value).as(Change::new);
              return Combinators.combine(
                      change.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(false, true))
                  .as((changes, yaml) -> new Mutation(i, changes, yaml));
            });
  }

  @Property(tries = 1500, seed = "20261207", shrinking = ShrinkingMode.BOUNDED)
  void aChangedResourceIsRefusedOrServedAsSent(@ForAll("mutations") Mutation mutation)
      throws JsonProcessingException {
    assertThat(api.failures()).as("compile failures before this try").isEmpty();
    JsonNode example = mutation.exampleTree();
    String path = ApiUnderTest.pathOf(example);
    HttpResponse<String> baseline = api.get(path);
    assertThat(baseline.statusCode()).as(baseline.body()).isEqualTo(200);

    JsonNode sent = mutation.apply();
    String text = ESCAPING.writeValueAsString(sent);
    HttpResponse<String> answer =
        api.send(
            "PUT",
            path,
            text.getBytes(StandardCharsets.UTF_8),
            mutation.asYaml() ? "application/yaml" : "application/json");

    assertAnswered(answer);
    net.jqwik.api.statistics.Statistics.collect(answer.statusCode());
    if (answer.statusCode() >= 300) {
      assertThat(json(api.get(path)))
          .as("a refused write changes nothing")
          .isEqualTo(json(baseline));
      return;
    }
    try {
      HttpResponse<String> read = api.get(path);
      assertThat(read.statusCode()).as("read back: " + read.body()).isEqualTo(200);
      JsonNode stored = withoutTimes(json(read));
      JsonNode parsed = mutation.asYaml() ? TreeReader.readYaml(text) : TreeReader.readJson(text);
      assertThat(ApiUnderTest.canonical(stored))
          .as("stored as accepted")
          .isEqualTo(ApiUnderTest.canonical(withoutTimes(CODEC.toTree(CODEC.fromTree(parsed)))));
      JsonNode known = withoutTimes(json(baseline));
      for (Change change : mutation.changes()) {
        JsonNode value = Hostile.at(sent, change.path());
        // Only fields the stored form has (unknown fields are ignored, as Kuma does), and not
        // null, which asks for the field's default (replicas default to 1).
        if (value != null && !value.isNull() && Hostile.at(known, change.path()) != null) {
          JsonNode kept = Hostile.at(stored, change.path());
          assertThat(sameValue(value, kept))
              .as("the field holds the value sent: %s, stored %s", change, kept)
              .isTrue();
        }
      }
      HttpResponse<String> list = api.get(ApiUnderTest.listPathOf(example) + "?size=1000");
      assertThat(list.statusCode()).as("list: " + list.body()).isEqualTo(200);
      assertThat(json(list).path("items").findValuesAsText("name"))
          .contains(example.path("name").asText());
      if (configuresTheMeshOfTheProxies(example)) {
        api.awaitProxiesConfigured();
        assertThat(api.failures()).as("configs of the mesh's proxies").isEmpty();
      }
    } finally {
      api.restore(example);
    }
  }

  /** Answered, never 5xx, and a refusal in Kuma's JSON error shape. */
  static void assertAnswered(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 499);
    if (answer.statusCode() >= 400) {
      assertThat(answer.headers().firstValue("Content-Type"))
          .as("error content type of " + answer.body())
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      JsonNode error = json(answer);
      assertThat(error.path("title").asText()).as(answer.body()).isNotBlank();
      assertThat(error.path("details").asText()).as(answer.body()).isNotBlank();
      error
          .path("causes")
          .forEach(c -> assertThat(c.path("message").asText()).as(answer.body()).isNotBlank());
    }
  }

  private static boolean configuresTheMeshOfTheProxies(JsonNode example) {
    ResourceType<?> type = CODEC.types().byName(example.path("type").asText()).orElseThrow();
    if (type.name().equals(ResourceTypes.MESH.name())) {
      return example.path("name").asText().equals("default");
    }
    return type.isMeshScoped() && example.path("mesh").asText().equals("default");
  }

  /**
   * Whether a stored field holds the value that was sent, by value: numbers numerically, durations
   * by length, a number sent as a string as that number; absent only for an empty or zero value
   * (protobuf-JSON omits defaults).
   */
  static boolean sameValue(JsonNode sent, JsonNode stored) {
    if (stored == null || stored.isMissingNode() || stored.isNull()) {
      return isDefault(sent);
    }
    if (sent.isNumber() && stored.isNumber()) {
      return sent.decimalValue().compareTo(stored.decimalValue()) == 0;
    }
    if (sent.isNumber() && stored.isTextual()) {
      // 64-bit integers are strings in protobuf-JSON.
      try {
        return sent.decimalValue().compareTo(new BigDecimal(stored.asText())) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (sent.isTextual() && stored.isNumber()) {
      try {
        return new BigDecimal(sent.asText().trim()).compareTo(stored.decimalValue()) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (sent.isTextual() && stored.isBoolean()) {
      return sent.asText().trim().equals(stored.asText());
    }
    if (sent.isTextual() && stored.isTextual()) {
      if (sent.asText().equals(stored.asText())) {
        return true;
      }
      try {
        return GoDurations.parse(sent.asText()).equals(GoDurations.parse(stored.asText()));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (sent.isBoolean() || stored.isBoolean()) {
      return sent.isBoolean() && stored.isBoolean() && sent.booleanValue() == stored.booleanValue();
    }
    if (sent.isContainerNode() && stored.isContainerNode()) {
      return true;
    }
    return isDefault(sent) && isDefault(stored);
  }

  private static boolean isDefault(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return true;
    }
    if (v.isNumber()) {
      return v.decimalValue().signum() == 0;
    }
    if (v.isBoolean()) {
      return !v.booleanValue();
    }
    if (v.isTextual()) {
      if (v.asText().isEmpty()) {
        return true;
      }
      try {
        return GoDurations.parse(v.asText()).isZero();
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return v.isEmpty();
  }

  /**
   * A round trip per kind: each example, as applied at the start, reads back with every field it
   * sets holding the value it was sent (durations and numbers by value), and writing back what was
   * read changes nothing.
   */
  @net.jqwik.api.Example
  void everyKindReadsBackAsItWasWritten() {
    for (JsonNode example : api.examples) {
      String path = ApiUnderTest.pathOf(example);
      api.restore(example);
      JsonNode stored = withoutTimes(json(api.get(path)));
      assertThat(CODEC.fromTree(stored).spec())
          .as("%s read back", path)
          .isEqualTo(CODEC.fromTree(example).spec());
      for (List<Hostile.Step> leaf : Hostile.paths(example)) {
        JsonNode sent = Hostile.at(example, leaf);
        JsonNode kept = Hostile.at(stored, leaf);
        // (a field at its default, such as an enum's first value, is omitted as protobuf-JSON does)
        if (sent.isValueNode() && kept != null) {
          assertThat(sameValue(sent, kept))
              .as("%s%s: sent %s, stored %s", path, leaf, sent, kept)
              .isTrue();
        }
      }
      HttpResponse<String> again = api.putJson(path, stored);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(ApiUnderTest.canonical(withoutTimes(json(api.get(path)))))
          .as("%s written back", path)
          .isEqualTo(ApiUnderTest.canonical(stored));
    }
  }

  /** Every example is valid as it is: the starting point of every property. */
  @net.jqwik.api.Example
  void everyKindTheApiWritesHasAnExample() {
    List<String> kinds = new ArrayList<>();
    api.examples.forEach(e -> kinds.add(e.path("type").asText()));
    List<String> writable = new ArrayList<>();
    CODEC
        .types()
        .all()
        .forEach(
            t -> {
              if (!CODEC.types().isReadOnly(t)) {
                writable.add(t.name());
              }
            });
    assertThat(kinds).containsAll(writable);
  }
}
