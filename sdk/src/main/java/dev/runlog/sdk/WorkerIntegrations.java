package dev.runlog.sdk;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.protocol.connection.Connection;
import dev.runlog.protocol.job.IntegrationUse;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A worker's {@link Integrations}: managed connections from its {@link ConnectionCatalog}, opened
 * with the key of its {@code connections.key} setting; settings from its configuration; one HTTP
 * client for every run. Credentials from an auth resolver are added per execution ({@link
 * Integrations#withResolved}). No message it makes holds a secret or the key.
 */
final class WorkerIntegrations implements Integrations {
  /** The worker setting that holds the key connections are sealed with (base64). */
  static final String CONNECTIONS_KEY = "connections.key";

  /** How long a lookup waits for a connection its catalog does not have yet. */
  static final Duration CATCH_UP = Duration.ofSeconds(3);

  /** Looks a connection up by key, waiting up to a while for it. */
  interface Connections {
    Optional<Connection> find(String key, Duration wait);
  }

  private final Function<String, Optional<String>> settings;
  private final Connections connections;
  private final String topic;
  private final HttpClient http;
  private volatile ConnectionCipher cipher;

  /**
   * @param topic where the connections are, for messages
   */
  WorkerIntegrations(
      Function<String, Optional<String>> settings,
      Connections connections,
      String topic,
      HttpClient http) {
    this.settings = settings;
    this.connections = connections;
    this.topic = topic;
    this.http = http;
  }

  @Override
  public Credentials credentials(DeclaredIntegration integration, Context context) {
    IntegrationUse use = integration.use();
    if (!use.managed()) {
      if (IntegrationUse.RESOLVER.equals(use.auth())) {
        throw new IntegrationException(
            "integration '" + integration.name() + "' has no resolved credentials here", false);
      }
      return null; // Auth.none()
    }
    String key = use.connectionFor(context.account());
    if (key == null) {
      throw new IntegrationException(
          "integration '"
              + integration.name()
              + "' has a connection per account, and this run's event has no accountId",
          false);
    }
    ConnectionCipher opener = cipher(key);
    Connection sealed =
        connections
            .find(key, CATCH_UP)
            .orElseThrow(
                () ->
                    new IntegrationException(
                        "connection '"
                            + key
                            + "' is not on "
                            + topic
                            + " as this worker reads it (waited "
                            + CATCH_UP.toSeconds()
                            + " s): add it with PUT /api/connections/"
                            + key,
                        true));
    try {
      return opener.open(sealed);
    } catch (IllegalArgumentException e) { // its messages never hold the secret or the key
      throw new IntegrationException(
          "connection '" + key + "' cannot be opened: " + e.getMessage(), false);
    }
  }

  @Override
  public Optional<String> setting(String name) {
    return settings.apply(name);
  }

  @Override
  public HttpClient httpClient() {
    return http;
  }

  private ConnectionCipher cipher(String key) {
    ConnectionCipher c = cipher;
    if (c == null) {
      String base64 =
          settings
              .apply(CONNECTIONS_KEY)
              .orElseThrow(
                  () ->
                      new IntegrationException(
                          "connection '"
                              + key
                              + "' cannot be opened: this worker has no "
                              + CONNECTIONS_KEY
                              + " (RUNLOG_CONNECTIONS_KEY), the engine's key",
                          false));
      try {
        c = ConnectionCipher.fromBase64(base64);
      } catch (IllegalArgumentException e) {
        throw new IntegrationException(
            "connection '" + key + "' cannot be opened: " + CONNECTIONS_KEY + ": " + e.getMessage(),
            false);
      }
      cipher = c;
    }
    return c;
  }
}
