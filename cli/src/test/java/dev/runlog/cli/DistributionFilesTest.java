package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.cli.dev.DevJvm;
import dev.runlog.engine.EngineConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The files the distribution tarball ships beside bin/ and lib/ (cli/src/dist) name only what the
 * engine knows.
 */
class DistributionFilesTest {

  @Test
  void exampleConfigSetsOnlyEngineSettings() throws IOException {
    Properties example = new Properties();
    try (Reader reader =
        Files.newBufferedReader(Path.of("src", "dist", "config", "engine.properties"))) {
      example.load(reader);
    }
    Set<String> known = EngineConfig.KEYS.stream().map(k -> k.get(0)).collect(Collectors.toSet());
    assertTrue(!example.isEmpty());
    for (String key : example.stringPropertyNames()) {
      assertTrue(
          known.contains(key) || key.startsWith(Settings.KAFKA_PREFIX),
          "config/engine.properties sets '" + key + "', unknown to the engine");
    }
  }

  @Test
  void launchScriptsStartRunlogDevWithItsJvmOptions() throws IOException {
    for (Path script : List.of(Path.of("..", "runlog"), Path.of("src", "dist", "bin", "runlog"))) {
      String text = Files.readString(script);
      assertTrue(
          text.contains("\"" + DevJvm.OPTIONS + "\""),
          script + " does not start runlog dev with DevJvm.OPTIONS");
      assertTrue(
          text.contains("MALLOC_ARENA_MAX:-" + DevJvm.MALLOC_ARENAS + "}"),
          script + " does not set DevJvm.MALLOC_ARENAS");
    }
  }
}
