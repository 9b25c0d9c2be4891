package dev.runlog.connectors.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Credentials as a connection's JSON body: read back as written; refused without the secret. */
class CredentialsTest {
  private static final String SECRET = "s3cr3t-value-never-shown";

  @Test
  void eachTypeReadsBackFromItsJson() {
    for (Credentials c :
        new Credentials[] {
          Credentials.bearer(SECRET),
          Credentials.basic("ada", SECRET),
          Credentials.apiKey("X-Api-Key", SECRET)
        }) {
      assertEquals(c, Credentials.parse(c.toJson()));
    }
    assertEquals(
        Credentials.bearer("t"),
        Credentials.parse(
            "{\"type\":\"bearer\",\"token\":\"t\",\"note\":\"extra fields ignored\"}"));
  }

  @Test
  void malformedCredentialsSayWhatIsWrongButNeverTheSecret() {
    assertRefused("{\"type\":\"bearer\",\"token\":\"" + SECRET, "must be a JSON object");
    assertRefused("[\"" + SECRET + "\"]", "must be a JSON object");
    assertRefused("\"" + SECRET + "\"", "must be a JSON object");
    assertRefused("{\"token\":\"" + SECRET + "\"}", "'type'");
    assertRefused("{\"type\":\"bearer\",\"tok\":\"" + SECRET + "\"}", "'token'");
    assertRefused("{\"type\":\"bearer\",\"token\":42}", "'token'");
    assertRefused("{\"type\":\"bearer\",\"token\":\"\"}", "'token'");
    assertRefused("{\"type\":\"oauth\",\"token\":\"" + SECRET + "\"}", "unknown credentials type");
    assertRefused(
        "{\"type\":\"basic\",\"username\":\"ada\",\"password\":\"" + SECRET + "\\r\\n\"}",
        "line break");
    assertRefused(
        "{\"type\":\"basic\",\"username\":\"a:b\",\"password\":\"" + SECRET + "\"}", "':'");
    assertRefused(
        "{\"type\":\"api-key\",\"header\":\"Bad Header\",\"value\":\"" + SECRET + "\"}",
        "not a header name");
  }

  private static void assertRefused(String json, String reason) {
    InvalidCredentialsException e =
        assertThrows(InvalidCredentialsException.class, () -> Credentials.parse(json));
    assertTrue(e.getMessage().contains(reason), "'" + reason + "' not in: " + e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), "the secret in: " + e.getMessage());
  }
}
