package io.portico.cp.tls;

import io.portico.cp.secret.RsaKeyPairs;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the server certificate: the configured files when given, else {@code portico-cp.crt} and
 * {@code portico-cp.key} of the work directory, generating them (self-signed RSA-2048, valid 10
 * years, SANs: the hostname, {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the local
 * addresses) when they do not exist yet.
 */
public final class ServerCertificates {
  public static final String CERT_FILE = "portico-cp.crt";
  public static final String KEY_FILE = "portico-cp.key";
  static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Logger log = LoggerFactory.getLogger(ServerCertificates.class);

  private final Clock clock;
  private final RsaKeyPairs rsaKeys;

  public ServerCertificates(Clock clock, RsaKeyPairs rsaKeys) {
    this.clock = clock;
    this.rsaKeys = rsaKeys;
  }

  /**
   * Loads the configured pair.
   *
   * @throws IllegalArgumentException naming the file that is missing or holds no certificate/key
   */
  public ServerCertificate load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = readCertificates(certFile);
    PrivateKey key = readPrivateKey(keyFile);
    return new ServerCertificate(chain, key);
  }

  /** The pair of the work directory, generated and written there at the first call. */
  public ServerCertificate loadOrGenerate(Path workDir) {
    Path cert = workDir.resolve(CERT_FILE);
    Path key = workDir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      return load(cert, key);
    }
    ServerCertificate generated = generate(hostNames());
    write(generated, cert, key);
    log.info("self-signed server certificate generated cert={}", cert);
    return generated;
  }

  /** A self-signed certificate for these names (DNS names or IP literals). */
  public ServerCertificate generate(Set<String> names) {
    try {
      KeyPair pair = rsaKeys.generate();
      Instant now = clock.instant();
      X500Name subject = new X500Name("CN=portico-cp");
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              pair.getPublic());
      List<GeneralName> sans = new ArrayList<>();
      for (String name : names) {
        sans.add(
            isIpLiteral(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name));
      }
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(sans.toArray(new GeneralName[0])));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      return new ServerCertificate(List.of(cert), pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a server certificate: " + e.getMessage(), e);
    }
  }

  /** The hostname, localhost, the loopback addresses and every address of a local interface. */
  static Set<String> hostNames() {
    Set<String> names = new LinkedHashSet<>();
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      log.debug("hostname unknown, left out of the certificate reason={}", e.getMessage());
    }
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("::1");
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          String text = address.getHostAddress();
          int zone = text.indexOf('%');
          names.add(zone >= 0 ? text.substring(0, zone) : text);
        }
      }
    } catch (SocketException e) {
      log.debug("local addresses unknown, left out of the certificate reason={}", e.getMessage());
    }
    return names;
  }

  private static boolean isIpLiteral(String name) {
    return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** Writes {@code pair} as PEM files (the key readable by the owner only). */
  public static void save(ServerCertificate pair, Path cert, Path key) {
    write(pair, cert, key);
  }

  private static void write(ServerCertificate pair, Path cert, Path key) {
    try {
      Files.createDirectories(cert.getParent());
      writeAtomically(cert, pem(pair.leaf()), false);
      writeAtomically(key, pem(pair.key()), true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the server certificate to " + cert.getParent(), e);
    }
  }

  private static void writeAtomically(Path target, String text, boolean isPrivate)
      throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    if (isPrivate) {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.debug("file permissions not supported file={}", tmp);
      }
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "certificate file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "certificate file " + file + " holds no PEM CERTIFICATE block");
    }
    return out;
  }

  private static PrivateKey readPrivateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "key file " + file + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return io.portico.cp.pem.Pem.privateKey(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key file " + file + ": " + e.getMessage(), e);
    }
  }
}
