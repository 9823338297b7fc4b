package io.portico.cp.compiler.context;

import io.portico.mesh.api.mesh.MeshSpec;
import java.util.List;
import java.util.Objects;

/**
 * The mutual TLS of a mesh (spec/core.md §1.2): whether it is on, in which mode, what peers'
 * certificates chain to, and the identities that mesh proxies carry.
 *
 * @param mesh the mesh name
 * @param isEnabled whether {@code mtls.enabledBackend} is set
 * @param isPermissive whether the enabled backend's mode is PERMISSIVE (inbounds also accept
 *     plaintext)
 * @param trustedCaPems the mesh's CA certificates (PEM), enabled backend first; empty when off
 */
public record MeshMtls(
    String mesh, boolean isEnabled, boolean isPermissive, List<String> trustedCaPems) {
  public MeshMtls {
    Objects.requireNonNull(mesh, "mesh");
    trustedCaPems = List.copyOf(trustedCaPems);
  }

  /** The mTLS of a mesh with this spec and these CA certificates. */
  public static MeshMtls of(String mesh, MeshSpec spec, List<String> trustedCaPems) {
    boolean enabled = spec != null && spec.isMtlsEnabled();
    boolean permissive =
        enabled
            && spec.enabledCaBackend().map(b -> b.mode() == MeshSpec.Mode.PERMISSIVE).orElse(false);
    return new MeshMtls(mesh, enabled, permissive, enabled ? trustedCaPems : List.of());
  }

  /** A mesh without mTLS. */
  public static MeshMtls off(String mesh) {
    return new MeshMtls(mesh, false, false, List.of());
  }

  /** The identity of a service of this mesh: {@code spiffe://<mesh>/<service>}. */
  public String serviceUri(String service) {
    return serviceUri(mesh, service);
  }

  /** The identity of a service of any mesh: {@code spiffe://<mesh>/<service>}. */
  public static String serviceUri(String mesh, String service) {
    return "spiffe://" + mesh + "/" + service;
  }

  /** What every identity of this mesh starts with: {@code spiffe://<mesh>/}. */
  public String uriPrefix() {
    return "spiffe://" + mesh + "/";
  }

  /** The URI a certificate carries for a tag other than the service: {@code kuma://<k>/<v>}. */
  public static String tagUri(String key, String value) {
    return "kuma://" + key + "/" + value;
  }
}
