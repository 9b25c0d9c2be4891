package dev.runlog.connectors.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.connection.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Sealing connections: what one key sealed opens with that key only, as it was, under the key it
 * was sealed for; no failure shows the secret or the key.
 */
class ConnectionCipherTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final String TOKEN = "xoxb-1234-secret-token";
  private final String key = ConnectionCipher.newKey();
  private final ConnectionCipher cipher = ConnectionCipher.fromBase64(key);

  @Test
  void whatIsSealedOpensAsItWasThroughTheTopicsCodec() {
    for (Credentials credentials :
        new Credentials[] {
          Credentials.bearer(TOKEN),
          Credentials.basic("ada", "p@ss:word"),
          Credentials.apiKey("X-Api-Key", TOKEN)
        }) {
      Connection sealed = cipher.seal("crm", "acme", credentials, NOW);
      assertEquals("crm/acme", sealed.key());
      assertEquals(credentials.type(), sealed.type());
      assertEquals(cipher.keyId(), sealed.keyId());
      Connection read = Codecs.CONNECTION.decode(Codecs.CONNECTION.encode(sealed));
      assertEquals(sealed, read);
      assertEquals(credentials, cipher.open(read));
    }
    Connection every = cipher.seal("slack", null, Credentials.bearer(TOKEN), NOW);
    assertEquals("slack", every.key());
    assertNull(every.accountId());
    assertEquals(Credentials.bearer(TOKEN), cipher.open(every));
  }

  @Test
  void theSecretIsNotInTheSealedRecordNorInItsText() {
    Connection sealed = cipher.seal("slack", null, Credentials.bearer(TOKEN), NOW);
    String bytes = new String(Codecs.CONNECTION.encode(sealed), StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains(TOKEN), "the token in clear in the record");
    assertFalse(bytes.contains(key), "the key in the record");
    assertFalse(sealed.toString().contains(TOKEN));
    assertFalse(Credentials.bearer(TOKEN).toString().contains(TOKEN));
    assertFalse(Credentials.basic("ada", TOKEN).toString().contains(TOKEN));
    assertFalse(Credentials.apiKey("X-Api-Key", TOKEN).toString().contains(TOKEN));
    assertNotEquals(
        cipher.seal("slack", null, Credentials.bearer(TOKEN), NOW).ciphertext().length, 0);
    assertFalse(
        java.util.Arrays.equals(
            sealed.nonce(), cipher.seal("slack", null, Credentials.bearer(TOKEN), NOW).nonce()),
        "a nonce is never reused");
  }

  @Test
  void anotherKeyDoesNotOpenItAndSaysWhichKeySealedIt() {
    Connection sealed = cipher.seal("slack", null, Credentials.bearer(TOKEN), NOW);
    ConnectionCipher other = ConnectionCipher.fromBase64(ConnectionCipher.newKey());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> other.open(sealed));
    assertTrue(e.getMessage().contains("sealed by key " + cipher.keyId()), e.getMessage());
    assertSafe(e);

    // the right id but not the key (a forged keyId): the tag check refuses it
    Connection forged =
        new Connection(
            "slack",
            null,
            "bearer",
            other.keyId(),
            sealed.nonce(),
            sealed.ciphertext(),
            sealed.updatedAt());
    assertSafe(assertThrows(IllegalArgumentException.class, () -> other.open(forged)));
  }

  @Test
  void aTamperedCiphertextDoesNotOpen() {
    Connection sealed = cipher.seal("slack", null, Credentials.bearer(TOKEN), NOW);
    byte[] flipped = sealed.ciphertext().clone();
    flipped[0] ^= 1;
    Connection tampered =
        new Connection(
            "slack", null, "bearer", sealed.keyId(), sealed.nonce(), flipped, sealed.updatedAt());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cipher.open(tampered));
    assertTrue(e.getMessage().contains("altered or moved"), e.getMessage());
    assertSafe(e);
  }

  @Test
  void aSecretMovedToAnotherConnectionDoesNotOpen() {
    Connection acme = cipher.seal("crm", "acme", Credentials.bearer(TOKEN), NOW);
    for (Connection moved :
        new Connection[] {
          new Connection(
              "crm", "globex", "bearer", acme.keyId(), acme.nonce(), acme.ciphertext(), NOW),
          new Connection(
              "slack", null, "bearer", acme.keyId(), acme.nonce(), acme.ciphertext(), NOW)
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> cipher.open(moved));
      assertTrue(e.getMessage().contains(moved.key()), e.getMessage());
      assertSafe(e);
    }
  }

  @Test
  void aKeyThatIsNoneIsRefusedWithoutShowingIt() {
    String notBase64 = "this is not base64 %%%";
    assertFalse(
        assertThrows(IllegalArgumentException.class, () -> ConnectionCipher.fromBase64(notBase64))
            .getMessage()
            .contains(notBase64));
    String short8 = Base64.getEncoder().encodeToString(new byte[8]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConnectionCipher.fromBase64(short8));
    assertTrue(e.getMessage().contains("16, 24 or 32 bytes"), e.getMessage());
    assertFalse(e.getMessage().contains(short8));
    assertThrows(IllegalArgumentException.class, () -> ConnectionCipher.fromBase64(" "));
    for (int bytes : new int[] {16, 24, 32}) {
      ConnectionCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[bytes]));
    }
  }

  @Test
  void theKeyIdIsADigestNotTheKey() {
    assertEquals(16, cipher.keyId().length());
    assertFalse(key.contains(cipher.keyId()));
    assertEquals(cipher.keyId(), ConnectionCipher.fromBase64(key).keyId(), "stable");
  }

  private void assertSafe(Exception e) {
    assertFalse(e.getMessage().contains(TOKEN), "the secret in: " + e.getMessage());
    assertFalse(e.getMessage().contains(key), "the key in: " + e.getMessage());
  }
}
