package io.portico.cli.generate;

import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate tls-certificate} (spec/core.md §5.8, kumactl's {@code pkg/tls/cert.go}): a
 * self-signed key and certificate pair, made locally, e.g. for the control plane's HTTPS or a
 * client of it.
 *
 * <p>As kumactl: subject CN = the first hostname; every hostname becomes a SAN (an IP address for
 * IP literals, a DNS name otherwise) for both types; extKeyUsage serverAuth ({@code --type server})
 * or clientAuth ({@code --type client}); CA:true with keyCertSign so that the certificate can be
 * its own trust anchor ({@code --ca-cert-file}); valid 10 years from now; a random 128-bit serial;
 * key RSA-2048 ({@code --key-type rsa}, the default) or EC P-256 ({@code ecdsa}). The key file is
 * written first, then the certificate; {@code -} writes to standard output.
 *
 * <p>Differences: the key is written as PKCS#8 ({@code PRIVATE KEY}), which the JDK, Netty, Go and
 * OpenSSL all read, where kumactl writes PKCS#1 or SEC 1; an EC certificate has no keyEncipherment
 * (RFC 5480 §3); the key file is created owner read-write (kumactl: read-only).
 */
@Command(
    name = "tls-certificate",
    description = "Generate a self-signed TLS certificate and its key.")
final class GenerateTlsCertificateCommand implements Callable<Integer> {
  static final Duration VALIDITY = Duration.ofDays(10 * 365);
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "type of the certificate: server or client")
  String type;

  @Option(
      names = {"--hostname", "--cp-hostname"},
      paramLabel = "HOST",
      split = ",",
      description =
          "DNS name(s) or IP address(es) to issue the certificate for (comma-separated or repeated)")
  List<String> hostnames;

  @Option(
      names = "--key-type",
      paramLabel = "TYPE",
      defaultValue = "rsa",
      description =
          "type of the private key: rsa (2048 bits) or ecdsa (P-256) (default: ${DEFAULT-VALUE})")
  String keyType;

  @Option(
      names = "--cert-file",
      paramLabel = "FILE",
      defaultValue = "cert.pem",
      description =
          "where to write the certificate, - for standard output (default: ${DEFAULT-VALUE})")
  String certFile;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      defaultValue = "key.pem",
      description =
          "where to write the private key, - for standard output (default: ${DEFAULT-VALUE})")
  String keyFile;

  GenerateTlsCertificateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    KeyPurposeId purpose = purpose();
    List<String> hosts = hosts();
    boolean isEc = isEcKey();
    KeyPair pair = newKey(isEc);
    X509Certificate certificate = certificate(pair, hosts, purpose, isEc, context.now());
    write(keyFile, pkcs8(pair), true);
    write(certFile, pem(certificate), false);
    if (!certFile.equals("-") && !keyFile.equals("-")) {
      context.out().println("Private key saved in " + keyFile);
      context.out().println("Certificate saved in " + certFile);
    }
    context.out().flush();
    return 0;
  }

  private KeyPurposeId purpose() {
    if (type == null) {
      throw new ParameterException(
          spec.commandLine(), "missing --type: expected --type=server or --type=client");
    }
    return switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "server" -> KeyPurposeId.id_kp_serverAuth;
      case "client" -> KeyPurposeId.id_kp_clientAuth;
      default ->
          throw new ParameterException(
              spec.commandLine(), "invalid --type \"" + type + "\": expected server or client");
    };
  }

  private List<String> hosts() {
    List<String> out = new ArrayList<>();
    if (hostnames != null) {
      for (String host : hostnames) {
        if (!host.isBlank()) {
          out.add(host.trim());
        }
      }
    }
    if (out.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "at least one hostname must be given: --hostname=HOST1[,HOST2...]");
    }
    return out;
  }

  private boolean isEcKey() {
    return switch (keyType.trim().toLowerCase(Locale.ROOT)) {
      case "rsa" -> false;
      case "ecdsa" -> true;
      default ->
          throw new ParameterException(
              spec.commandLine(), "invalid --key-type \"" + keyType + "\": expected rsa or ecdsa");
    };
  }

  private static KeyPair newKey(boolean isEc) {
    try {
      if (isEc) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CliException("could not generate a key: " + e.getMessage(), e);
    }
  }

  static X509Certificate certificate(
      KeyPair pair, List<String> hosts, KeyPurposeId purpose, boolean isEc, Instant now) {
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hosts.get(0)).build();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(128, new SecureRandom()).add(BigInteger.ONE),
              Date.from(now),
              Date.from(now.plus(VALIDITY)),
              subject,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      int usage = KeyUsage.digitalSignature | KeyUsage.keyCertSign;
      if (!isEc) {
        usage |= KeyUsage.keyEncipherment;
      }
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      GeneralName[] names = new GeneralName[hosts.size()];
      for (int i = 0; i < names.length; i++) {
        String host = hosts.get(i);
        names[i] =
            isIpLiteral(host)
                ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host);
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      String algorithm = isEc ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new CliException("could not generate a certificate: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "could not generate a certificate for " + hosts + ": " + e.getMessage(), e);
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || IPV4.matcher(host).matches();
  }

  private static String pkcs8(KeyPair pair) {
    try {
      return pem(new JcaPKCS8Generator(pair.getPrivate(), null));
    } catch (IOException e) {
      throw new CliException("could not encode the private key: " + e.getMessage(), e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new CliException("could not encode PEM: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private void write(String target, String pem, boolean isPrivate) {
    if (target.equals("-")) {
      context.out().print(pem);
      return;
    }
    Path path = Path.of(target);
    try {
      Files.deleteIfExists(path);
      if (isPrivate) {
        try {
          Files.createFile(
              path,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(path);
        }
      }
      Files.writeString(
          path,
          pem,
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CliException(
          "could not write the " + (isPrivate ? "key" : "cert") + " file " + target + ": " + e, e);
    }
  }
}
