package dev.runlog.engine.connection;

import dev.runlog.protocol.connection.Connection;
import java.time.Instant;

/**
 * What the engine keeps of a managed connection: everything but the sealed secret, which only
 * workers open.
 *
 * @param accountId null: the connection of every run of the integration
 * @param type {@code bearer}, {@code basic} or {@code api-key}
 * @param keyId a digest of the key that sealed it (not the key)
 */
public record ConnectionInfo(
    String integration, String accountId, String type, String keyId, Instant updatedAt) {

  /** The metadata of {@code connection}. */
  public static ConnectionInfo of(Connection connection) {
    return new ConnectionInfo(
        connection.integration(),
        connection.accountId(),
        connection.type(),
        connection.keyId(),
        connection.updatedAt());
  }

  /** Its key: {@code integration}, or {@code integration/accountId}. */
  public String key() {
    return Connection.key(integration, accountId);
  }
}
