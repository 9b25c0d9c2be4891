package dev.runlog.bench;

import dev.runlog.engine.StreamsLatency;
import dev.runlog.engine.StreamsStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams application that copies one topic to another and does nothing else.
 *
 * <p>It is the cost of a single engine hop with the engine's logic taken out: the same processing
 * guarantee, commit interval and producer {@code linger.ms=0} as {@code RunlogEngine}, so the
 * difference between this and the engine's own figures is the engine's work, not Kafka's.
 */
final class PassThrough implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PassThrough.class);
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final Path stateDir;

  private PassThrough(KafkaStreams streams, Path stateDir) {
    this.streams = streams;
    this.stateDir = stateDir;
  }

  /**
   * Starts copying {@code source} to {@code sink} and returns once the application is RUNNING (its
   * one partition assigned), so that no measured record waits for a rebalance.
   */
  static PassThrough start(
      String bootstrapServers,
      String applicationId,
      String source,
      String sink,
      String guarantee,
      long commitIntervalMs) {
    Path stateDir = createStateDir();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(source, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(sink, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    KafkaStreams streams;
    try {
      streams =
          new KafkaStreams(
              builder.build(),
              properties(bootstrapServers, applicationId, stateDir, guarantee, commitIntervalMs));
    } catch (RuntimeException e) {
      deleteRecursively(stateDir);
      throw e;
    }
    PassThrough app = new PassThrough(streams, stateDir);
    try {
      app.startAndAwaitRunning();
      return app;
    } catch (RuntimeException e) {
      try {
        app.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static Properties properties(
      String bootstrapServers,
      String applicationId,
      Path stateDir,
      String guarantee,
      long commitIntervalMs) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    StreamsLatency.apply(p, guarantee, commitIntervalMs); // exactly as the engine

    return p;
  }

  private void startAndAwaitRunning() {
    // set before start(), or the first transitions could be missed; a failed start is reported at
    // once instead of at the deadline
    StreamsStart started = new StreamsStart((now, before) -> {});
    streams.setStateListener(started);
    streams.start();
    try {
      if (started.awaitRunning(START_DEADLINE)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the pass-through application", e);
    }
    throw new IllegalStateException(
        "the pass-through application is "
            + streams.state()
            + ", not RUNNING, after "
            + START_DEADLINE);
  }

  /**
   * Stops the application, leaving its group so that the group can be deleted, and deletes its
   * state dir.
   */
  @Override
  public void close() {
    try {
      boolean stopped =
          streams.close(
              CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                  .withTimeout(CLOSE_DEADLINE));
      if (!stopped) {
        LOG.warn("the pass-through application did not stop within {}", CLOSE_DEADLINE);
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private static Path createStateDir() {
    try {
      // A fresh temp dir: a benchmark must neither reuse nor disturb an engine's local state.
      return Files.createTempDirectory("runlog-bench-streams-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a state dir for the pass-through application", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      // Deepest first, so that each directory is empty when its turn comes.
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
