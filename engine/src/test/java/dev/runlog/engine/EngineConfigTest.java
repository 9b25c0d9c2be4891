package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

  /** The README's configuration table lists every key with its default. */
  @Test
  void theReadmeTableListsEveryKey() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (List<String> key : EngineConfig.KEYS) {
      String row = "| `" + key.get(0) + "` | `" + key.get(2) + "` |";
      assertTrue(readme.contains(row), "README.md's configuration table lacks the row starting: " + row);
    }
  }

  @Test
  void settingsAreReadWithTheirDefaultsAndKafkaPassThrough() {
    EngineConfig config = EngineConfig.from(Map.of("bootstrap.servers", "k:9092", "topic.prefix", "staging", "commit.interval.ms", "25",
        "kafka.security.protocol", "SSL"), Path.of("state"));
    assertEquals("k:9092", config.bootstrapServers());
    assertEquals("staging-engine", config.applicationId());
    assertEquals(25, config.commitIntervalMs());
    assertEquals(100, config.timerTickMs());
    assertEquals("SSL", config.kafka().get("security.protocol"));
    assertEquals("staging.triggers", config.topics().triggers().name());
  }

  @Test
  void nonsenseIsRefusedWithTheKeyInTheMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.from(Map.of("processing.guarantee", "maybe"), Path.of("state")));
    assertTrue(e.getMessage().contains("processing.guarantee"));
    assertThrows(IllegalArgumentException.class, () -> EngineConfig.from(Map.of("topic.prefix", "bad prefix!"), Path.of("state")));
  }
}
