package dev.runlog.engine.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The two ends of HTTPS: the server's listener, and what an instance trusts when it calls its
 * peers.
 */
public final class Https {
  private Https() {}

  /**
   * The one listener of the server: HTTPS only when {@code settings} has a keystore, else plain
   * HTTP.
   */
  static ServerConnector connector(
      Server server, HttpConfiguration http, RestSettings settings, int port) {
    ServerConnector connector;
    if (settings.tls().isPresent()) {
      RestSettings.Tls tls = settings.tls().get();
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
      ssl.setKeyStorePassword(tls.password());
      ssl.setKeyStoreType(tls.type());
      HttpConfiguration https = new HttpConfiguration(http);
      https.addCustomizer(new SecureRequestCustomizer());
      connector =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
              new HttpConnectionFactory(https));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(settings.host());
    connector.setPort(port);
    return connector;
  }

  /**
   * What an instance trusts when it calls another over HTTPS: the JVM's trusted certificates
   * ({@code javax.net.ssl.trustStore}, else the JDK's), and every certificate in its own keystore,
   * so that instances sharing a keystore (or certificates from one CA kept in the chain) trust each
   * other without more settings. The peer's certificate must name the host it is reached at ({@code
   * advertised.host}).
   */
  public static SSLContext peerContext(RestSettings.Tls tls) {
    try {
      KeyStore own = KeyStore.getInstance(tls.type());
      try (InputStream in = Files.newInputStream(tls.keystore())) {
        own.load(in, tls.password().toCharArray());
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (String alias : Collections.list(own.aliases())) {
        Certificate[] chain = own.getCertificateChain(alias);
        for (Certificate cert :
            chain == null ? new Certificate[] {own.getCertificate(alias)} : chain) {
          if (cert != null) {
            trusted.setCertificateEntry("own-" + n++, cert);
          }
        }
      }
      TrustManagerFactory jvm =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jvm.init((KeyStore) null);
      for (TrustManager manager : jvm.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate cert : x509.getAcceptedIssuers()) {
            trusted.setCertificateEntry("jvm-" + n++, cert);
          }
        }
      }
      TrustManagerFactory both =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      both.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, both.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the keystore " + tls.keystore() + " (" + tls.type() + "): " + e.getMessage(),
          e);
    }
  }
}
