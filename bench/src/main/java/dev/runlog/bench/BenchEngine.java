package dev.runlog.bench;

import dev.runlog.engine.EngineConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine settings of a benchmark: one place, so that the engine in the benchmark's JVM and
 * those it starts in JVMs of their own ({@link BenchNode}) are configured alike.
 */
final class BenchEngine {
  private BenchEngine() {}

  /** One stream thread, one replica, a 50 ms timer tick; REST on an ephemeral loopback port. */
  static EngineConfig config(
      String bootstrapServers,
      String topicPrefix,
      Path stateDir,
      String processingGuarantee,
      long commitIntervalMs,
      int partitions) {
    return new EngineConfig(
        bootstrapServers,
        topicPrefix,
        topicPrefix + "-engine",
        stateDir,
        0,
        "localhost",
        processingGuarantee,
        commitIntervalMs,
        partitions,
        (short) 1,
        1,
        50,
        Map.of());
  }
}
