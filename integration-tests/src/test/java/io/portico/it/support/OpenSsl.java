package io.portico.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real openssl command line: certificates for test clients, and s_client as a TLS probe. */
public final class OpenSsl {
  private OpenSsl() {}

  /** The outcome of one openssl run (stdout and stderr together). */
  public record Result(int exitCode, String output) {}

  public static Result run(Path dir, String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ExternalProgram.locate("openssl", "openssl").toString());
    cmd.addAll(List.of(args));
    try {
      Files.createDirectories(dir);
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("openssl " + String.join(" ", args) + " hung");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("could not run openssl: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void ok(Result r, String what) {
    if (r.exitCode() != 0) {
      throw new AssertionError(what + " failed: " + r.output());
    }
  }

  /** A self-signed CA: {@code <name>.crt} and {@code <name>.key} in {@code dir}. */
  public static void selfSignedCa(Path dir, String name) {
    ok(
        run(
            dir,
            null,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            name + ".key",
            "-out",
            name + ".crt",
            "-days",
            "2",
            "-subj",
            "/CN=" + name,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign"),
        "CA " + name);
  }

  /**
   * A leaf for {@code name} signed by the CA in {@code caCert}/{@code caKey}, with the given
   * subjectAltName (e.g. {@code URI:spiffe://default/web} or {@code DNS:a.example.com}).
   */
  public static void leaf(Path dir, String name, Path caCert, Path caKey, String subjectAltName) {
    ok(
        run(
            dir,
            null,
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            name + ".key",
            "-out",
            name + ".csr",
            "-subj",
            "/CN=" + name),
        "CSR " + name);
    try {
      Files.writeString(
          dir.resolve(name + ".ext"),
          "subjectAltName=" + subjectAltName + "\nextendedKeyUsage=serverAuth,clientAuth\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    ok(
        run(
            dir,
            null,
            "x509",
            "-req",
            "-in",
            name + ".csr",
            "-CA",
            caCert.toString(),
            "-CAkey",
            caKey.toString(),
            "-CAcreateserial",
            "-out",
            name + ".crt",
            "-days",
            "1",
            "-extfile",
            name + ".ext"),
        "certificate " + name);
  }
}
