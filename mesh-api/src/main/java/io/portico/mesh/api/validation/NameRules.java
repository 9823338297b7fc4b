package io.portico.mesh.api.validation;

import io.portico.format.Quoting;
import java.util.regex.Pattern;

/**
 * Rules for resource and mesh names accepted through the API, the CLI and the proxy.
 *
 * <ul>
 *   <li>Universal: non-empty, {@code ^[0-9a-z-_]*$} (spec/core.md §0).
 *   <li>Kubernetes (spec/kubernetes.md §2.3): names are those of Kubernetes objects. A namespaced
 *       kind's name is {@code <name>.<namespace>}, split at the last dot, with Kuma's messages when
 *       there is no dot or nothing after it; the name is a DNS subdomain (RFC 1123, at most 253
 *       characters) and the namespace a DNS label (at most 63). Cluster-scoped kinds, secrets and
 *       meshes are DNS subdomains, so they may contain dots but no {@code _}.
 * </ul>
 */
public final class NameRules {
  /** The longest name: Kubernetes' limit for object names (a DNS subdomain), kept everywhere. */
  public static final int MAX_LENGTH = 253;

  private static final Pattern NAME = Pattern.compile("^[0-9a-z\\-_]*$");

  /** Where names come from: they follow that environment's rules. */
  public enum Environment {
    UNIVERSAL,
    KUBERNETES
  }

  /** The longest Kubernetes namespace (a DNS label). */
  public static final int MAX_LABEL_LENGTH = 63;

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private NameRules() {}

  /**
   * Adds a violation at {@code field} when {@code value} is not a valid name of {@code namespaced}
   * objects in {@code environment}.
   *
   * @param namespaced whether the name is {@code <name>.<namespace>} on Kubernetes (namespaced
   *     custom resources); ignored in Universal
   */
  public static void validate(
      Environment environment, String field, String value, boolean namespaced, Errors errors) {
    if (environment == Environment.UNIVERSAL) {
      validate(field, value, errors);
    } else if (value == null || value.isEmpty()) {
      errors.add(field, "cannot be empty");
    } else if (!namespaced) {
      subdomain(field, value, errors);
    } else {
      int dot = value.lastIndexOf('.');
      if (dot < 0) {
        errors.add(
            field,
            "name "
                + Quoting.quote(value)
                + " must include namespace after the dot, ex. \"name.namespace\"");
      } else if (dot == value.length() - 1) {
        errors.add(field, "namespace must be non-empty");
      } else {
        subdomain(field, value.substring(0, dot), errors);
        String namespace = value.substring(dot + 1);
        if (namespace.length() > MAX_LABEL_LENGTH || !DNS_LABEL.matcher(namespace).matches()) {
          errors.add(
              field,
              "namespace "
                  + Quoting.quote(namespace)
                  + " is not a DNS label: expected at most 63 lowercase letters, digits and '-',"
                  + " starting and ending with a letter or digit");
        }
      }
    }
  }

  private static void subdomain(String field, String value, Errors errors) {
    if (value.length() > MAX_LENGTH) {
      errors.add(
          field,
          "is "
              + value.length()
              + " characters long: expected at most "
              + MAX_LENGTH
              + " characters");
    } else if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      errors.add(
          field,
          Quoting.quote(value)
              + " is not a DNS subdomain: expected lowercase letters, digits, '-' and '.',"
              + " starting and ending with a letter or digit");
    }
  }

  /** Adds a violation at {@code field} when {@code value} is not a valid name. */
  public static void validate(String field, String value, Errors errors) {
    if (value == null || value.isEmpty()) {
      errors.add(field, "cannot be empty");
    } else if (value.length() > MAX_LENGTH) {
      errors.add(
          field,
          "is "
              + value.length()
              + " characters long: expected at most "
              + MAX_LENGTH
              + " characters");
    } else if (!NAME.matcher(value).matches()) {
      errors.add(
          field,
          "invalid characters in "
              + Quoting.quote(value)
              + ": only lowercase letters, digits, '-' and '_' are allowed");
    }
  }
}
