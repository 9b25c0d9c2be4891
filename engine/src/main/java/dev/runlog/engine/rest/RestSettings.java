package dev.runlog.engine.rest;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.engine.webhook.WebhookSecrets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the REST API listens and whom it serves.
 *
 * @param host the address it binds ({@code 0.0.0.0}: every interface)
 * @param tls the keystore to serve HTTPS with; empty: plain HTTP
 * @param keys the API keys it accepts; none: every route is open
 * @param metricsOpen {@code /metrics} answers without a key even when keys are configured
 * @param peerKey the key this instance sends when it forwards a query to another instance
 * @param insecure serve without keys on an address other machines can reach, knowingly
 * @param webhookSecrets the secrets webhook sources check their senders' signatures with
 * @param connectionsKey the key the API seals managed connections with ({@code connections.key});
 *     empty: connections cannot be stored
 */
public record RestSettings(
    String host,
    Optional<Tls> tls,
    ApiKeys keys,
    boolean metricsOpen,
    Optional<String> peerKey,
    boolean insecure,
    WebhookSecrets webhookSecrets,
    Optional<ConnectionCipher> connectionsKey) {
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * A PKCS12 (or other {@link java.security.KeyStore} type) keystore holding the server's key and
   * certificate chain.
   */
  public record Tls(Path keystore, String password, String type) {
    public Tls {
      Objects.requireNonNull(keystore, "keystore");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return "Tls[" + keystore + ", " + type + "]"; // never the password
    }
  }

  public RestSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(peerKey, "peerKey");
    Objects.requireNonNull(webhookSecrets, "webhookSecrets");
    Objects.requireNonNull(connectionsKey, "connectionsKey");
  }

  /** The settings with no connections key. */
  public RestSettings(
      String host,
      Optional<Tls> tls,
      ApiKeys keys,
      boolean metricsOpen,
      Optional<String> peerKey,
      boolean insecure,
      WebhookSecrets webhookSecrets) {
    this(host, tls, keys, metricsOpen, peerKey, insecure, webhookSecrets, Optional.empty());
  }

  /** The settings with no webhook secrets but the engine's environment variables. */
  public RestSettings(
      String host,
      Optional<Tls> tls,
      ApiKeys keys,
      boolean metricsOpen,
      Optional<String> peerKey,
      boolean insecure) {
    this(host, tls, keys, metricsOpen, peerKey, insecure, WebhookSecrets.ENVIRONMENT);
  }

  /**
   * Plain HTTP on loopback, no keys: what an embedded engine, a test or {@code runlog dev} serves.
   */
  public static RestSettings loopback() {
    return new RestSettings(
        LOOPBACK, Optional.empty(), ApiKeys.NONE, false, Optional.empty(), false);
  }

  public RestSettings withHost(String newHost) {
    return new RestSettings(
        newHost, tls, keys, metricsOpen, peerKey, insecure, webhookSecrets, connectionsKey);
  }

  public RestSettings withKeys(ApiKeys newKeys, Optional<String> newPeerKey) {
    return new RestSettings(
        host, tls, newKeys, metricsOpen, newPeerKey, insecure, webhookSecrets, connectionsKey);
  }

  public RestSettings withTls(Tls newTls) {
    return new RestSettings(
        host,
        Optional.of(newTls),
        keys,
        metricsOpen,
        peerKey,
        insecure,
        webhookSecrets,
        connectionsKey);
  }

  /** The same settings with these webhook secrets. */
  public RestSettings withWebhookSecrets(WebhookSecrets secrets) {
    return new RestSettings(
        host, tls, keys, metricsOpen, peerKey, insecure, secrets, connectionsKey);
  }

  /** The same settings sealing managed connections with {@code key}. */
  public RestSettings withConnectionsKey(ConnectionCipher key) {
    return new RestSettings(
        host, tls, keys, metricsOpen, peerKey, insecure, webhookSecrets, Optional.of(key));
  }

  @Override
  public String toString() {
    return "RestSettings[host="
        + host
        + ", tls="
        + tls
        + ", keys="
        + keys.size()
        + ", metricsOpen="
        + metricsOpen
        + ", peerKey="
        + (peerKey.isPresent() ? "(set)" : "(none)")
        + ", insecure="
        + insecure
        + ", webhookSecrets="
        + webhookSecrets
        + ", connectionsKey="
        + connectionsKey.map(k -> "(key " + k.keyId() + ")").orElse("(none)")
        + "]"; // never a key, never a secret
  }

  /** {@code https} with a keystore, else {@code http}. */
  public String scheme() {
    return tls.isPresent() ? "https" : "http";
  }

  /**
   * Why the engine must not start with these settings: it would serve the API, which sends events,
   * cancels runs and deletes jobs, to anyone who can reach an address other than loopback. Empty
   * when there are keys, when it binds loopback only, or when told {@code insecure}.
   */
  public Optional<String> exposureProblem() {
    if (!keys.isEmpty() || insecure || isLoopback(host)) {
      return Optional.empty();
    }
    return Optional.of(
        "refusing to serve the REST API on "
            + host
            + " without API keys: anyone who can reach this address could send "
            + "events, cancel runs and delete jobs. Configure api.keys or api.keys.file (runlog keys new makes a key), or listen on "
            + "loopback only (http.host=127.0.0.1), or accept the risk with --insecure (the setting http.insecure=true).");
  }

  private static boolean isLoopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
