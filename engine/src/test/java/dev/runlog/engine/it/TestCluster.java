package dev.runlog.engine.it;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker in a temp dir, and engines on it, for integration tests. Each test
 * takes its own topic prefix so tests sharing the broker do not see each other's runs.
 */
public final class TestCluster implements AutoCloseable {
  private final Path dir;
  private final EmbeddedKafka kafka;

  public TestCluster() {
    try {
      this.dir = Files.createTempDirectory("runlog-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** An engine on this broker with topic prefix {@code prefix}, REST on a free port, state in the temp dir. */
  public RunlogEngine engine(String prefix) {
    EngineConfig config = new EngineConfig(kafka.bootstrapServers(), prefix, prefix + "-engine", dir.resolve("engine-" + prefix), 0,
        "exactly_once_v2", 10, 2, (short) 1, 1, Map.of());
    return RunlogEngine.start(config);
  }

  @Override
  public void close() {
    kafka.close();
    delete(dir);
  }

  static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
