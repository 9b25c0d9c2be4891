package dev.runlog.protocol.connection;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A managed connection on the compacted {@code connections} topic, keyed by {@link #key()}: the
 * credentials of an integration, for every run or for one account, sealed with AES-GCM by a key
 * that never enters Kafka. Only {@link #type()} is readable without the key.
 *
 * @param accountId null: the connection of every run of the integration
 * @param keyId a digest of the key that sealed it, to tell a wrong key from a tampered record
 */
public record Connection(
    String integration,
    String accountId,
    String type,
    String keyId,
    byte[] nonce,
    byte[] ciphertext,
    Instant updatedAt) {
  public Connection {
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Its key on the topic: {@code integration}, or {@code integration/accountId}. */
  public String key() {
    return key(integration, accountId);
  }

  /** The key of the connection of {@code integration} for {@code accountId} (null: every run). */
  public static String key(String integration, String accountId) {
    return accountId == null ? integration : integration + "/" + accountId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Connection c
        && integration.equals(c.integration)
        && Objects.equals(accountId, c.accountId)
        && type.equals(c.type)
        && keyId.equals(c.keyId)
        && Arrays.equals(nonce, c.nonce)
        && Arrays.equals(ciphertext, c.ciphertext)
        && updatedAt.equals(c.updatedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(integration, accountId, type, keyId, Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "Connection[" + key() + ", " + type + ", sealed by " + keyId + ", " + updatedAt + "]";
  }
}
