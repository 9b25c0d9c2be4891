package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
  private static final String A = "admin-key-0123456789abcdef";
  private static final String R = "read-key-0123456789abcdef==";

  @Test
  void keysInClearAreMatchedByTheirTextAndNamedByRole() {
    ApiKeys keys = ApiKeys.parse(" admin=" + A + " , read=" + R);
    assertEquals(2, keys.size());
    assertEquals("admin-1", keys.match(A).orElseThrow().name());
    assertEquals(Role.ADMIN, keys.match(A).orElseThrow().role());
    assertEquals(
        Role.READ, keys.match(R).orElseThrow().role()); // '=' in a key: split at the first one only
    assertEquals(Optional.empty(), keys.match(A + " "));
    assertEquals(Optional.empty(), keys.match(""));
    assertTrue(ApiKeys.parse("").isEmpty());
    assertTrue(ApiKeys.parse(null).isEmpty());
    assertEquals(
        Optional.of(R), ApiKeys.firstReadKey("metrics=" + A + "x,read=" + R + ",admin=" + A));
    assertEquals(Optional.empty(), ApiKeys.firstReadKey("metrics=" + A));
  }

  @Test
  void badKeysAreRefusedWithoutQuotingThem() {
    for (String bad :
        List.of(
            "admin",
            "admin=",
            "owner=" + A,
            "admin=short",
            "admin=" + A + ",,read=" + R,
            "read=has space in it ok")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(bad), bad);
      assertFalse(e.getMessage().contains(A), e.getMessage());
    }
  }

  @Test
  void aFileHoldsHashesAndALineMatchesItsKey(@TempDir Path dir) throws Exception {
    String key = ApiKeys.newKey();
    assertEquals(43, key.length());
    String line = ApiKeys.line("ci", Role.ADMIN, key);
    assertTrue(line.matches("ci admin sha256:[0-9a-f]{64}"), line);
    Path file = dir.resolve("keys");
    Files.writeString(
        file, "# runlog keys\n\n" + line + "\n  " + ApiKeys.line("grafana", Role.READ, R) + "  \n");
    ApiKeys keys = ApiKeys.read(file);
    assertEquals(2, keys.size());
    assertEquals("ci", keys.match(key).orElseThrow().name());
    assertEquals("grafana", keys.match(R).orElseThrow().name());
    assertEquals(Optional.empty(), keys.match(line));
    assertFalse(Files.readString(file).contains(key));

    // the hash is plain SHA-256 of the key's UTF-8 bytes, as sha256sum prints it
    assertEquals(
        "x read sha256:9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f",
        ApiKeys.line("x", Role.READ, "0123456789abcdef"));
  }

  @Test
  void aBadFileLineIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    String good = ApiKeys.line("ci", Role.ADMIN, A);
    for (String bad :
        List.of(
            "ci admin",
            "ci owner sha256:" + "0".repeat(64),
            "ci admin sha256:xyz",
            "c i admin sha256:" + "0".repeat(64),
            good + "\n" + good)) {
      Files.writeString(file, "# ok\n" + bad + "\n");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ApiKeys.read(file), bad);
      assertTrue(
          e.getMessage().contains("line 2") || e.getMessage().contains("two API keys are named ci"),
          e.getMessage());
    }
    assertThrows(RuntimeException.class, () -> ApiKeys.read(dir.resolve("missing")));
  }

  @Test
  void rolesIncludeTheSmallerOnes() {
    assertTrue(
        Role.ADMIN.covers(Role.READ)
            && Role.ADMIN.covers(Role.METRICS)
            && Role.READ.covers(Role.METRICS));
    assertFalse(Role.READ.covers(Role.ADMIN) || Role.METRICS.covers(Role.READ));
    assertEquals(Role.READ, Role.parse(" READ "));
  }
}
