package io.portico.cp;

/**
 * The ports a running control plane listens on, as bound (port 0 in the configuration becomes the
 * port the system picked). Written to {@code <workDir>/ports.json}.
 *
 * @param apiHttp the HTTP API, or -1 when disabled
 * @param apiHttps the HTTPS API, or -1 when disabled
 * @param diagnostics the diagnostics server
 * @param dpServer the DP server (proxies' config streams)
 */
public record BoundPorts(int apiHttp, int apiHttps, int diagnostics, int dpServer) {
  public static final String FILE_NAME = "ports.json";

  /** {@code {"apiHttp":5681,"apiHttps":5682,"diagnostics":5680,"dpServer":5678}}. */
  public String toJson() {
    return "{\"apiHttp\":"
        + apiHttp
        + ",\"apiHttps\":"
        + apiHttps
        + ",\"diagnostics\":"
        + diagnostics
        + ",\"dpServer\":"
        + dpServer
        + "}";
  }
}
