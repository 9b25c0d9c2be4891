package dev.runlog.cli.dev;

import java.util.Map;
import java.util.Optional;

/**
 * Settings that let an idle {@code runlog dev} sleep: they are right for one process on a
 * developer's machine, not for a production engine or a cluster. Measured on an idle {@code runlog
 * dev} (one event sent, then three minutes of nothing; the README's Performance section has the
 * figures and the command).
 */
final class DevIdle {
  private DevIdle() {}

  /**
   * How long a stream thread blocks in its poll for records: records end it at once, but its timers
   * (waits, retries, leases, schedules) and a busy engine's last commit wait for it. The engine's
   * default (half the commit interval, 50 ms) woke the stream thread and the global store's thread
   * 20 times a second each; in dev a timer may fire up to this late instead.
   */
  static final long POLL_MS = 500;

  /**
   * The partitions of each runlog topic: one for a new data dir, as many as its triggers topic has
   * for one made before (its topics must stay partitioned alike). Each partition of a topic a store
   * is fed from is a RocksDB instance and a changelog partition more: with three, as before, an
   * idle dev process was ~34 MiB larger (288 against 254 MiB side by side) and its engine woke 22
   * times a second instead of 16, and one stream thread gains nothing from more.
   */
  static int partitions(Optional<Integer> triggers) {
    return triggers.orElse(1);
  }

  /** The embedded broker's settings in dev, over {@code EmbeddedKafka}'s. */
  static Map<String, String> broker() {
    return Map.of(
        // The controller writes a no-op record to the metadata log this often, 500 ms by default: a
        // cluster's brokers learn from it that the controller lives. One node needs none of it; the
        // KRaft threads woke twice a second for it (0.4% of a core measured on the bare broker).
        "metadata.max.idle.interval.ms",
        "60000",
        // Four threads by default, each waking three times a second; a dev broker has few groups.
        "group.coordinator.threads",
        "1",
        // The log cleaner's offset map is allocated on the heap at start: 16 MiB (EmbeddedKafka's)
        // for the few compacted partitions of one developer's engine.
        "log.cleaner.dedupe.buffer.size",
        Long.toString(2L * 1024 * 1024));
  }

  /** The engine's extra Kafka settings ({@code kafka.*}) in dev. */
  static Map<String, Object> engine() {
    return Map.of(
        "poll.ms",
        POLL_MS,
        "fetch.max.wait.ms",
        5000,
        "restore.consumer.fetch.max.wait.ms",
        500,
        // After a crash the global thread's first polls for the job definitions come back empty at
        // this wait each, before any stream thread starts: at 5 s a runlog dev killed with kill -9
        // was ready again after 21 s (the global thread 10.8 s of it), at 500 ms after 12 s (2 s)
        "global.consumer.fetch.max.wait.ms",
        500,
        // A consumer sends no second fetch to a broker while one waits there, so records of a
        // partition left out of the waiting fetch (paused, or still buffered when it was sent) wait
        // for it to end: a second at most for the consumers that carry runs.
        "main.consumer.fetch.max.wait.ms",
        1000,
        // the producer's default instead of the engine's 256 KiB: every partition a transaction
        // wrote to keeps a batch buffer of that size in the producer's pool
        "producer.batch.size",
        16 * 1024);
  }

  /** The worker's extra Kafka settings in dev. */
  static Map<String, Object> worker() {
    // a second, not five, for the same reason as the engine's main consumer: the worker pauses and
    // resumes partitions when it has many runs in flight
    // (no retry.backoff.ms: its producers retry a refused transaction of an io.kafka().send
    // after it, and a second there would be a second per refused send; an idle worker retries
    // nothing)
    return Map.of("fetch.max.wait.ms", 1000);
  }
}
