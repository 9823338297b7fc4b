package io.portico.mesh.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes resources in their Universal form ({@code type}, {@code mesh}, {@code name},
 * spec inline or under {@code spec}) and reads their Kubernetes form ({@code apiVersion: kuma.io/
 * v1alpha1}, {@code kind}, {@code metadata}, {@code spec}, top-level {@code mesh}), from YAML or
 * JSON, one document or many.
 *
 * <p>Field names are accepted in camelCase and snake_case; unknown fields are ignored; durations
 * are read in Go syntax and written as {@code "5s"} (spec/core.md §0). Parsing checks structure and
 * field types only; {@link io.portico.mesh.api.Validator}s check meaning.
 *
 * <p>Thread-safe and immutable once built.
 */
public final class ResourceCodec {
  public static final String KUBERNETES_API_VERSION = "kuma.io/v1alpha1";
  private static final Set<String> META_FIELDS =
      Set.of("type", "mesh", "name", "creationTime", "modificationTime", "labels");

  /** The longest text a field holds, unless it is {@link LargeText}. */
  public static final int MAX_TEXT_LENGTH = 4096;

  /** The longest duration (100 years): the proxy's timers hold it without overflow. */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private final ResourceTypes types;
  private final ObjectMapper json;
  private final ObjectMapper yaml;

  public ResourceCodec(ResourceTypes types) {
    this.types = types;
    SimpleModule scalars = StrictScalars.module();
    this.json =
        configure(
            JsonMapper.builder(
                    JsonFactory.builder()
                        .streamReadConstraints(
                            StreamReadConstraints.builder()
                                .maxNestingDepth(TreeReader.MAX_DEPTH)
                                .maxNumberLength(TreeReader.MAX_NUMBER_LENGTH)
                                .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build(),
            scalars);
    this.yaml =
        configure(
            new YAMLMapper(
                YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build()),
            scalars);
  }

  /** A codec over every type Portico knows. */
  public static ResourceCodec standard() {
    return new ResourceCodec(ResourceTypes.standard());
  }

  private static ObjectMapper configure(ObjectMapper mapper, SimpleModule scalars) {
    mapper.setAnnotationIntrospector(new SnakeCaseAliases());
    mapper.registerModule(scalars);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
    mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    mapper.configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    mapper.setDefaultPropertyInclusion(
        JsonInclude.Value.construct(JsonInclude.Include.NON_DEFAULT, JsonInclude.Include.ALWAYS));
    return mapper;
  }

  public ResourceTypes types() {
    return types;
  }

  /** The JSON mapper used for specs, for callers that need trees (REST, stores). */
  public ObjectMapper jsonMapper() {
    return json;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Splits YAML or JSON text into documents and parses each one. Empty documents are skipped. A
   * document that cannot be parsed carries its violations; text that is not YAML at all yields a
   * single unparsed document.
   */
  public List<ParsedDocument> readDocuments(String text) {
    List<ParsedDocument> out = new ArrayList<>();
    TreeReader.Documents read = TreeReader.readYamlDocuments(text);
    int number = 0;
    for (TreeReader.Document doc : read.documents()) {
      number++;
      try {
        out.add(new ParsedDocument(number, doc.line(), fromTree(doc.tree()), List.of()));
      } catch (ValidationException e) {
        out.add(new ParsedDocument(number, doc.line(), null, e.violations()));
      }
    }
    MalformedDocumentException failure = read.failure();
    if (failure != null) {
      out.add(
          new ParsedDocument(
              number + 1,
              Math.max(
                  1, read.failedDocumentLine() > 0 ? read.failedDocumentLine() : failure.line()),
              null,
              List.of(new Violation("", failure.getMessage()))));
    }
    return out;
  }

  /**
   * Parses exactly one resource from YAML or JSON text.
   *
   * @throws ValidationException when the text is malformed, holds no or several documents, or the
   *     document is not a resource
   */
  public Resource<?> readResource(String text) {
    List<ParsedDocument> docs = readDocuments(text);
    if (docs.isEmpty()) {
      throw ValidationException.of("", "no resource found in the input");
    }
    if (docs.size() > 1) {
      throw ValidationException.of(
          "", "expected one resource but the input holds " + docs.size() + " documents");
    }
    ParsedDocument doc = docs.get(0);
    if (!doc.isParsed()) {
      throw new ValidationException(doc.violations());
    }
    return doc.resource();
  }

  /** Reads the one JSON or YAML document of a text without interpreting it ({@link TreeReader}). */
  public JsonNode readTree(String text) {
    try {
      return TreeReader.readYaml(text);
    } catch (MalformedDocumentException e) {
      throw ValidationException.of("", e.getMessage());
    }
  }

  /**
   * Parses one resource from a tree in Universal or Kubernetes form.
   *
   * @throws ValidationException listing what is missing or of the wrong type
   */
  public Resource<?> fromTree(JsonNode node) {
    if (!node.isObject()) {
      throw ValidationException.of("", "expected a resource object but got " + describe(node));
    }
    if (node.hasNonNull("apiVersion") || node.hasNonNull("kind")) {
      return fromKubernetes((ObjectNode) node);
    }
    return fromUniversal((ObjectNode) node);
  }

  private Resource<?> fromUniversal(ObjectNode node) {
    Errors errors = new Errors();
    requireText(node, errors, "", "type", "name", "mesh", "creationTime", "modificationTime");
    String typeName = text(node, "type");
    String name = text(node, "name");
    String mesh = text(node, "mesh");
    ResourceType<?> type = null;
    if (typeName.isEmpty()) {
      errors.add("type", "cannot be empty");
    } else {
      type = types.byName(typeName).orElse(null);
      if (type == null) {
        errors.add("type", unknownType(typeName));
      }
    }
    if (name.isEmpty()) {
      errors.add("name", "cannot be empty");
    }
    if (type != null && type.isMeshScoped() && mesh.isEmpty()) {
      errors.add("mesh", "cannot be empty");
    }
    errors.throwIfAny();
    JsonNode specNode;
    if (type.shape() == SpecShape.NESTED) {
      specNode = node.path("spec");
    } else {
      ObjectNode inline = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              e -> {
                if (!META_FIELDS.contains(e.getKey())) {
                  inline.set(e.getKey(), e.getValue());
                }
              });
      specNode = inline;
    }
    ResourceSpec spec = specFromTree(type, specNode);
    ResourceMeta meta =
        new ResourceMeta(
            type.isMeshScoped() ? mesh : "",
            name,
            0,
            instant(node, "creationTime"),
            instant(node, "modificationTime"));
    return newResource(type, meta, spec);
  }

  private Resource<?> fromKubernetes(ObjectNode node) {
    Errors errors = new Errors();
    requireText(node, errors, "", "apiVersion", "kind", "mesh");
    requireText(node.path("metadata"), errors, "metadata.", "name", "namespace");
    String apiVersion = text(node, "apiVersion");
    String kind = text(node, "kind");
    JsonNode metadata = node.path("metadata");
    String name = text(metadata, "name");
    ResourceType<?> type = null;
    if (!KUBERNETES_API_VERSION.equals(apiVersion)) {
      errors.add(
          "apiVersion",
          apiVersion.isEmpty()
              ? "cannot be empty: expected " + KUBERNETES_API_VERSION
              : "unsupported apiVersion \""
                  + apiVersion
                  + "\""
                  + (kind.isEmpty() ? "" : " for kind \"" + kind + "\"")
                  + ": expected "
                  + KUBERNETES_API_VERSION);
    }
    if (kind.isEmpty()) {
      errors.add("kind", "cannot be empty");
    } else {
      type = types.byName(kind).orElse(null);
      if (type == null) {
        errors.add("kind", unknownType(kind));
      }
    }
    if (name.isEmpty()) {
      errors.add("metadata.name", "cannot be empty");
    }
    errors.throwIfAny();
    String mesh = text(node, "mesh");
    if (mesh.isEmpty()) {
      mesh = text(metadata.path("annotations"), "kuma.io/mesh");
    }
    if (mesh.isEmpty()) {
      mesh = text(metadata.path("labels"), "kuma.io/mesh");
    }
    if (mesh.isEmpty()) {
      mesh = "default";
    }
    JsonNode specNode = node.path("spec");
    ResourceSpec spec = specFromTree(type, specNode);
    ResourceMeta meta = ResourceMeta.of(type.isMeshScoped() ? mesh : "", name);
    return newResource(type, meta, spec);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Resource<?> newResource(
      ResourceType<?> type, ResourceMeta meta, ResourceSpec spec) {
    return new Resource(type, meta, spec);
  }

  /**
   * Binds a spec tree to the type's spec record. A missing or null tree gives the empty spec.
   *
   * @throws ValidationException naming the field whose value has the wrong type
   */
  public <S extends ResourceSpec> S specFromTree(ResourceType<S> type, JsonNode specNode) {
    JsonNode source =
        specNode == null || specNode.isMissingNode() || specNode.isNull()
            ? JsonNodeFactory.instance.objectNode()
            : specNode;
    if (!source.isObject()) {
      throw ValidationException.of(
          type.shape() == SpecShape.NESTED ? "spec" : "",
          "expected an object but got " + describe(source));
    }
    try {
      return json.treeToValue(source, type.specClass());
    } catch (JsonMappingException e) {
      Violation v = toViolation(e);
      if (type.shape() == SpecShape.NESTED) {
        v = new Violation(v.field().isEmpty() ? "spec" : "spec." + v.field(), v.message());
      }
      throw new ValidationException(List.of(v));
    } catch (JsonProcessingException e) {
      throw ValidationException.of("", malformed(e));
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- writing

  /** The spec as a JSON tree (protobuf-JSON conventions). */
  public ObjectNode specToTree(ResourceSpec spec) {
    JsonNode tree = json.valueToTree(spec);
    return tree instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  /** The spec as compact JSON text, as stores keep it. */
  public String specToJson(ResourceSpec spec) {
    try {
      return json.writeValueAsString(specToTree(spec));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses spec JSON text written by {@link #specToJson}. */
  public <S extends ResourceSpec> S specFromJson(ResourceType<S> type, String specJson) {
    try {
      return specFromTree(type, json.readTree(specJson));
    } catch (JsonProcessingException e) {
      throw ValidationException.of("", malformed(e));
    }
  }

  /** The Universal form: {@code type}, {@code mesh}, {@code name}, times, then the spec. */
  public ObjectNode toTree(Resource<?> resource) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", resource.type().name());
    if (resource.type().isMeshScoped()) {
      out.put("mesh", resource.mesh());
    }
    out.put("name", resource.name());
    if (resource.meta().creationTime() != null) {
      out.put("creationTime", resource.meta().creationTime().toString());
    }
    if (resource.meta().modificationTime() != null) {
      out.put("modificationTime", resource.meta().modificationTime().toString());
    }
    ObjectNode spec = specToTree(resource.spec());
    if (resource.type().shape() == SpecShape.NESTED) {
      out.set("spec", spec);
    } else {
      out.setAll(spec);
    }
    return out;
  }

  public String toJson(Resource<?> resource) {
    return writeJson(toTree(resource));
  }

  public String toYaml(Resource<?> resource) {
    return writeYaml(toTree(resource));
  }

  public String writeJson(JsonNode tree) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String writeYaml(JsonNode tree) {
    try {
      return yaml.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- errors

  private String unknownType(String typeName) {
    return "unknown type \""
        + typeName
        + "\": expected one of "
        + types.all().stream().map(ResourceType::name).sorted().collect(Collectors.joining(", "));
  }

  static Violation toViolation(JsonMappingException e) {
    String path = pathOf(e.getPath());
    String message;
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      message =
          "unknown value \""
              + f.getValue()
              + "\": expected one of "
              + Arrays.stream(f.getTargetType().getEnumConstants())
                  .map(Object::toString)
                  .collect(Collectors.joining(", "));
    } else if (e instanceof InvalidFormatException f) {
      message =
          "invalid value \"" + f.getValue() + "\": expected " + describeType(f.getTargetType());
    } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      message = "expected " + describeType(m.getTargetType()) + causeSuffix(e);
    } else if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
      message = iae.getMessage();
    } else {
      message = e.getOriginalMessage();
    }
    return new Violation(path, message);
  }

  private static String causeSuffix(JsonMappingException e) {
    String original = e.getOriginalMessage();
    int from = original == null ? -1 : original.indexOf("from ");
    if (from < 0) {
      return "";
    }
    String rest = original.substring(from + 5);
    int end = rest.indexOf(':');
    return " but got " + (end > 0 ? rest.substring(0, end) : rest).trim().toLowerCase();
  }

  private static String describeType(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == Duration.class) {
      return "a duration such as 5s or 1h30m";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a value of type " + type.getSimpleName();
  }

  static String pathOf(List<JsonMappingException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        boolean isMapKey = ref.getFrom() instanceof Map<?, ?>;
        if (isMapKey) {
          out.append("[\"").append(ref.getFieldName()).append("\"]");
        } else {
          if (out.length() > 0) {
            out.append('.');
          }
          out.append(ref.getFieldName());
        }
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String malformed(Exception e) {
    if (e instanceof JsonProcessingException p) {
      JsonLocation loc = p.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      return "malformed YAML or JSON" + where + ": " + p.getOriginalMessage();
    }
    return "malformed YAML or JSON: " + e.getMessage();
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      default -> node.getNodeType().toString().toLowerCase();
    };
  }

  /** Meta fields are strings (or absent): a number or an object there is refused, not converted. */
  private static void requireText(JsonNode node, Errors errors, String prefix, String... fields) {
    for (String field : fields) {
      JsonNode v = node.path(field);
      if (!v.isMissingNode() && !v.isNull() && !v.isTextual()) {
        errors.add(prefix + field, "expected a string but got " + describe(v));
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() ? v.asText("").trim() : "";
  }

  private static Instant instant(JsonNode node, String field) {
    String v = text(node, field);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
