package dev.runlog.cli.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.integration.ConnectionCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections key of {@code runlog dev}: made once, kept in the data dir, unless one is set.
 */
class DevKeyTest {
  @TempDir Path dir;

  @Test
  void aKeyIsMadeOnceAndKeptForTheNextStart() throws Exception {
    String first = DevKey.of(dir, Map.of());
    ConnectionCipher.fromBase64(first); // a valid key
    assertTrue(Files.exists(dir.resolve(DevKey.FILE)));
    assertEquals(first, DevKey.of(dir, Map.of()), "a restart opens the connections stored before");
  }

  @Test
  void theKeySetInTheEnvironmentWins() {
    String set = ConnectionCipher.newKey();
    assertEquals(set, DevKey.of(dir, Map.of(DevKey.ENV, set)));
    assertFalse(Files.exists(dir.resolve(DevKey.FILE)), "nothing kept: the environment has it");
  }

  @Test
  void aKeyThatIsNoneIsRefusedWithoutShowingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DevKey.of(dir, Map.of(DevKey.ENV, "not-a-key-but-secret")));
    assertTrue(e.getMessage().startsWith(DevKey.ENV + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("not-a-key-but-secret"), e.getMessage());
  }
}
