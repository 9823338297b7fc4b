package io.portico.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the configuration file. The layout is kumactl's, keys sorted:
 *
 * <pre>
 * contexts:
 * - controlPlane: local
 *   name: local
 * controlPlanes:
 * - coordinates:
 *     apiServer:
 *       url: http://localhost:5681
 *   name: local
 * currentContext: local
 * </pre>
 *
 * <p>{@code apiServer} may also hold {@code authConf} (map), {@code authType}, {@code caCertFile},
 * {@code headers} (list of {@code key}/{@code value}) and {@code skipVerify}. Unknown keys are
 * ignored. A missing file reads as {@link CliConfig#defaults()}; writing creates the directory and
 * leaves the file readable by its owner only, as it may hold tokens.
 */
public final class ConfigFile {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private ConfigFile() {}

  /**
   * Reads the configuration, or the defaults when the file does not exist.
   *
   * @throws ConfigFileException naming the file and what is wrong in it
   */
  public static CliConfig read(Path file) {
    if (!Files.exists(file)) {
      return CliConfig.defaults();
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigFileException(
          "could not read the configuration file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigFileException(
          "the configuration file " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the configuration, replacing the file atomically where the file system allows.
   *
   * @throws ConfigFileException naming the file
   */
  public static void write(Path file, CliConfig config) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".config", ".tmp");
      try {
        restrictToOwner(temp);
        Files.writeString(temp, toYaml(config));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ConfigFileException(
          "could not write the configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void restrictToOwner(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: keep the default permissions.
    }
  }

  /** The configuration as the YAML text of the file. */
  public static String toYaml(CliConfig config) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ArrayNode contexts = root.putArray("contexts");
    for (ContextEntry c : config.contexts()) {
      contexts.addObject().put("controlPlane", c.controlPlane()).put("name", c.name());
    }
    ArrayNode cps = root.putArray("controlPlanes");
    for (ControlPlaneEntry cp : config.controlPlanes()) {
      ObjectNode entry = cps.addObject();
      ObjectNode api = entry.putObject("coordinates").putObject("apiServer");
      ApiServer s = cp.apiServer();
      if (!s.authConf().isEmpty()) {
        ObjectNode conf = api.putObject("authConf");
        s.authConf().forEach(conf::put);
      }
      if (!s.authType().isEmpty()) {
        api.put("authType", s.authType());
      }
      if (!s.caCertFile().isEmpty()) {
        api.put("caCertFile", s.caCertFile());
      }
      if (!s.headers().isEmpty()) {
        ArrayNode headers = api.putArray("headers");
        s.headers().forEach((k, v) -> headers.addObject().put("key", k).put("value", v));
      }
      if (s.skipVerify()) {
        api.put("skipVerify", true);
      }
      api.put("url", s.url());
      entry.put("name", cp.name());
    }
    if (!config.currentContext().isEmpty()) {
      root.put("currentContext", config.currentContext());
    }
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses configuration YAML text.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static CliConfig parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new CliConfig(List.of(), List.of(), "");
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("expected a YAML mapping at the top level");
    }
    List<ContextEntry> contexts = new ArrayList<>();
    JsonNode ctxs = root.path("contexts");
    for (int i = 0; i < ctxs.size(); i++) {
      JsonNode c = ctxs.get(i);
      contexts.add(
          new ContextEntry(
              required(c, "name", "contexts[" + i + "].name"),
              required(c, "controlPlane", "contexts[" + i + "].controlPlane")));
    }
    List<ControlPlaneEntry> cps = new ArrayList<>();
    JsonNode planes = root.path("controlPlanes");
    for (int i = 0; i < planes.size(); i++) {
      JsonNode cp = planes.get(i);
      String at = "controlPlanes[" + i + "]";
      JsonNode api = cp.path("coordinates").path("apiServer");
      Map<String, String> headers = new LinkedHashMap<>();
      JsonNode hs = api.path("headers");
      for (int h = 0; h < hs.size(); h++) {
        headers.put(
            required(hs.get(h), "key", at + ".coordinates.apiServer.headers[" + h + "].key"),
            hs.get(h).path("value").asText(""));
      }
      Map<String, String> authConf = new LinkedHashMap<>();
      api.path("authConf")
          .properties()
          .forEach(e -> authConf.put(e.getKey(), e.getValue().asText("")));
      cps.add(
          new ControlPlaneEntry(
              required(cp, "name", at + ".name"),
              new ApiServer(
                  required(api, "url", at + ".coordinates.apiServer.url"),
                  api.path("caCertFile").asText(""),
                  api.path("skipVerify").asBoolean(false),
                  headers,
                  api.path("authType").asText(""),
                  authConf)));
    }
    return new CliConfig(cps, contexts, root.path("currentContext").asText(""));
  }

  private static String required(JsonNode node, String field, String path) {
    String value = node.path(field).asText("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(path + ": cannot be empty");
    }
    return value;
  }
}
