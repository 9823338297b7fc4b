package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.policy.targetref.MeshTraceSpec.Backend;
import io.portico.mesh.api.policy.targetref.MeshTraceSpec.Conf;
import io.portico.mesh.api.policy.targetref.MeshTraceSpec.Sampling;
import io.portico.mesh.api.policy.targetref.TargetRef.Kind;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a MeshTrace (spec/core.md §4.5): a top-level targetRef of any kind; zero or one
 * backend, exactly one of Zipkin (a valid URL, a known API version) and Datadog ({@code
 * http://host:port} only); sampling within [0, 100]; tags named, each with exactly one of a literal
 * and a named header.
 */
public final class MeshTraceValidator implements Validator<MeshTraceSpec> {
  static final Set<Kind> TOP_KINDS = EnumSet.allOf(Kind.class);
  static final List<String> ZIPKIN_API_VERSIONS = List.of("httpJson", "httpProto");

  @Override
  public void validate(MeshTraceSpec spec, Errors errors) {
    Path root = Path.of("spec");
    TargetRef.validate(root.field("targetRef"), spec.targetRef(), TOP_KINDS, errors);
    Conf conf = spec.defaultConf();
    if (conf == null) {
      return;
    }
    Path path = root.field("default");
    Path backends = path.field("backends");
    if (conf.backends().size() > 1) {
      errors.add(backends, "must have zero or one backend defined");
    }
    for (int i = 0; i < conf.backends().size(); i++) {
      backend(backends.index(i), conf.backends().get(i), errors);
    }
    if (conf.sampling() != null) {
      sampling(path.field("sampling"), conf.sampling(), errors);
    }
    for (int i = 0; i < conf.tags().size(); i++) {
      Path at = path.field("tags").index(i);
      MeshTraceSpec.Tag tag = conf.tags().get(i);
      if (tag == null) {
        tag = new MeshTraceSpec.Tag(null, null, null);
      }
      if (tag.name().isEmpty()) {
        errors.add(at.field("name"), "must not be empty");
      }
      if (tag.literal().isEmpty() == (tag.header() == null)) {
        errors.add(at, "tag must have only one type defined: header, literal");
      }
      if (tag.header() != null && tag.header().name().isEmpty()) {
        errors.add(at.field("header").field("name"), "must not be empty");
      }
    }
  }

  private static void backend(Path path, Backend backend, Errors errors) {
    boolean hasZipkin = backend != null && backend.zipkin() != null;
    boolean hasDatadog = backend != null && backend.datadog() != null;
    if (hasZipkin == hasDatadog) {
      errors.add(path, "backend can have only one type defined: datadog, zipkin");
      return;
    }
    if (hasZipkin) {
      Path zipkin = path.field("zipkin");
      String url = backend.zipkin().url();
      if (url.isEmpty()) {
        errors.add(zipkin.field("url"), "must not be empty");
      } else if (!isHttpUrl(url)) {
        errors.add(zipkin.field("url"), "must be a valid url");
      }
      String apiVersion = backend.zipkin().apiVersion();
      if (!apiVersion.isEmpty() && !ZIPKIN_API_VERSIONS.contains(apiVersion)) {
        errors.add(
            zipkin.field("apiVersion"), "must be one of " + String.join(", ", ZIPKIN_API_VERSIONS));
      }
    } else {
      datadog(path.field("datadog").field("url"), backend.datadog().url(), errors);
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.getHost() != null
          && uri.getScheme() != null
          && (uri.getScheme().equals("http") || uri.getScheme().equals("https"));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void datadog(Path path, String url, Errors errors) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      errors.add(path, "must be a valid url");
      return;
    }
    if (url.isEmpty() || uri.getHost() == null) {
      errors.add(path, "must be a valid url");
      return;
    }
    if (!"http".equals(uri.getScheme())) {
      errors.add(path, "scheme must be http");
    }
    if (uri.getPort() == -1) {
      errors.add(path, "port must be defined");
    } else if (uri.getPort() < 1 || uri.getPort() > 65535) {
      errors.add(path, "port must be a valid (1-65535)");
    }
    if (uri.getRawUserInfo() != null) {
      errors.add(path, "user must not be defined");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      errors.add(path, "path must not be defined");
    }
    if (uri.getRawQuery() != null) {
      errors.add(path, "query must not be defined");
    }
    if (uri.getRawFragment() != null) {
      errors.add(path, "fragment must not be defined");
    }
  }

  private static void sampling(Path path, Sampling sampling, Errors errors) {
    percentage(path.field("overall"), sampling.overall(), errors);
    percentage(path.field("client"), sampling.client(), errors);
    percentage(path.field("random"), sampling.random(), errors);
  }

  private static void percentage(Path path, Integer value, Errors errors) {
    if (value != null && (value < 0 || value > 100)) {
      errors.add(path, "must be between 0 and 100");
    }
  }
}
