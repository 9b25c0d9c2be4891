package dev.runlog.connectors.integration;

import dev.runlog.protocol.connection.Connection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens managed connections with AES-GCM. The key comes from configuration (the engine's
 * {@code connections.key}, a worker's {@code RUNLOG_CONNECTIONS_KEY}) and never enters Kafka; the
 * connection's key ({@code integration[/account]}) is the associated data, so a sealed secret
 * copied under another connection's key does not open.
 *
 * <pre>{@code
 * ConnectionCipher cipher = ConnectionCipher.fromBase64(System.getenv("RUNLOG_CONNECTIONS_KEY"));
 * Connection sealed = cipher.seal("slack", null, Credentials.bearer(token), Instant.now());
 * Credentials back = cipher.open(sealed);
 * }</pre>
 */
public final class ConnectionCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;

  private ConnectionCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    this.keyId = keyIdOf(key);
  }

  /**
   * A cipher with a key given as base64 (16, 24 or 32 bytes).
   *
   * @throws IllegalArgumentException when it is not one; the message does not hold the key
   */
  public static ConnectionCipher fromBase64(String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException("no connections key is configured");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the connections key is not base64");
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException(
          "the connections key must be 16, 24 or 32 bytes (base64), not " + key.length);
    }
    return new ConnectionCipher(key);
  }

  /** A new random 256-bit key, as base64: what {@code runlog dev} uses when none is set. */
  public static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** A digest of the key, not the key: tells which key sealed a connection. */
  public String keyId() {
    return keyId;
  }

  /** Seals {@code credentials} as the connection of {@code integration} for {@code accountId}. */
  public Connection seal(
      String integration, String accountId, Credentials credentials, Instant updatedAt) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    String connectionKey = Connection.key(integration, accountId);
    byte[] sealed =
        run(
            Cipher.ENCRYPT_MODE,
            nonce,
            connectionKey,
            credentials.toJson().getBytes(StandardCharsets.UTF_8));
    return new Connection(
        integration, accountId, credentials.type(), keyId, nonce, sealed, updatedAt);
  }

  /**
   * The credentials sealed in {@code connection}.
   *
   * @throws IllegalArgumentException when another key sealed it, or it was altered
   */
  public Credentials open(Connection connection) {
    if (!keyId.equals(connection.keyId())) {
      throw new IllegalArgumentException(
          "connection "
              + connection.key()
              + " was sealed by key "
              + connection.keyId()
              + ", this process has key "
              + keyId);
    }
    byte[] plain =
        run(Cipher.DECRYPT_MODE, connection.nonce(), connection.key(), connection.ciphertext());
    return Credentials.parse(new String(plain, StandardCharsets.UTF_8));
  }

  private byte[] run(int mode, byte[] nonce, String associated, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "connection " + associated + " does not open with this key: it was altered or moved");
    }
  }

  private static String keyIdOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
