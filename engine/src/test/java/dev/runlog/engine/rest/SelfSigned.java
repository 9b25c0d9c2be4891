package dev.runlog.engine.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost and 127.0.0.1 in a PKCS12 keystore, made by the JDK's
 * keytool, for tests.
 */
public final class SelfSigned {
  public static final String PASSWORD = "test-keystore-pass";

  private SelfSigned() {}

  /** Writes {@code dir/name} and returns it as the engine's TLS settings. */
  public static RestSettings.Tls keystore(Path dir, String name)
      throws IOException, InterruptedException {
    Path keystore = dir.resolve(name);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "runlog",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool failed: " + output);
    }
    return new RestSettings.Tls(keystore, PASSWORD, "PKCS12");
  }

  /** A client context that trusts the certificate of {@code tls} and nothing else. */
  public static SSLContext trusting(RestSettings.Tls tls)
      throws IOException, GeneralSecurityException {
    KeyStore own = KeyStore.getInstance(tls.type());
    try (InputStream in = Files.newInputStream(tls.keystore())) {
      own.load(in, tls.password().toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", own.getCertificate("runlog"));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
