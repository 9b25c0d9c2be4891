package dev.runlog.engine.it;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.testkit.Dirs;
import dev.runlog.testkit.EmbeddedKafka;
import dev.runlog.testkit.TopicContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node KRaft broker in a temp dir, and engines on it, for integration tests. Each
 * test takes its own topic prefix so tests sharing the broker do not see each other's runs.
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

  /**
   * Workers of tests: a worker that stops polling is evicted from its group within seconds, not
   * minutes.
   */
  public dev.runlog.sdk.WorkerConfig worker(String prefix, String id) {
    return dev.runlog.sdk.WorkerConfig.of(bootstrapServers())
        .withTopicPrefix(prefix)
        .withWorkerId(id)
        .withKafka(
            Map.of(
                "session.timeout.ms",
                "6000",
                "heartbeat.interval.ms",
                "1000",
                "max.poll.interval.ms",
                "6000"));
  }

  /** Every event of run {@code runId} so far, in log order. */
  public java.util.List<dev.runlog.protocol.run.RunEvent> events(String prefix, String runId) {
    String topic = new dev.runlog.protocol.topic.Topics(prefix).runEvents().name();
    return TopicContents.read(bootstrapServers(), topic).stream()
        .filter(r -> r.key() != null && (runId == null || runId.equals(new String(r.key()))))
        .map(r -> dev.runlog.protocol.codec.Codecs.RUN_EVENT.decode(r.value()))
        .toList();
  }

  /** The values of every record of {@code topic} so far (read_committed), tombstones left out. */
  public java.util.List<byte[]> values(String topic) {
    return TopicContents.read(bootstrapServers(), topic).stream()
        .map(org.apache.kafka.clients.consumer.ConsumerRecord::value)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /**
   * An engine on this broker with topic prefix {@code prefix}, REST on a free port, state in the
   * temp dir.
   */
  public RunlogEngine engine(String prefix) {
    return engine(prefix, "engine-" + prefix, 2);
  }

  /** One more engine instance of {@code prefix}: same application id, its own state dir. */
  public RunlogEngine engine(String prefix, String stateDirName, int partitions) {
    return RunlogEngine.start(config(prefix, stateDirName, partitions));
  }

  /**
   * An engine of {@code prefix} with its settings changed by {@code tune} (state in the same dir as
   * {@link #engine(String)}).
   */
  public RunlogEngine engine(String prefix, java.util.function.UnaryOperator<EngineConfig> tune) {
    return RunlogEngine.start(tune.apply(config(prefix, "engine-" + prefix, 2)));
  }

  /**
   * One more engine instance of {@code prefix} whose REST API has {@code rest}'s address, TLS and
   * keys.
   */
  public RunlogEngine engine(
      String prefix,
      String stateDirName,
      int partitions,
      dev.runlog.engine.rest.RestSettings rest) {
    return RunlogEngine.start(config(prefix, stateDirName, partitions).withRest(rest));
  }

  /** An engine of {@code prefix} that is not ready until {@code requiredJobs} are registered. */
  public RunlogEngine engineRequiring(String prefix, java.util.Set<String> requiredJobs) {
    return RunlogEngine.start(config(prefix, "engine-" + prefix, 2), requiredJobs);
  }

  private EngineConfig config(String prefix, String stateDirName, int partitions) {
    return new EngineConfig(
        kafka.bootstrapServers(),
        prefix,
        prefix + "-engine",
        dir.resolve(stateDirName),
        0,
        "localhost",
        "exactly_once_v2",
        10,
        partitions,
        (short) 1,
        1,
        50,
        Map.of());
  }

  @Override
  public void close() {
    kafka.close();
    delete(dir);
  }

  static void delete(Path root) {
    Dirs.deleteRecursively(root);
  }
}
