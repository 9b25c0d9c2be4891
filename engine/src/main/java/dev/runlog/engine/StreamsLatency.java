package dev.runlog.engine;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings that decide a hop's latency, shared by the engine and the benchmark's
 * pass-through baseline so that the two are measured alike.
 */
public final class StreamsLatency {
  private StreamsLatency() {}

  /** Sets the processing guarantee, the commit interval and what keeps a hop near that interval. */
  public static void apply(Properties p, String guarantee, long commitIntervalMs) {
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    // A stream thread commits only after its poll returns: the default 100 ms poll would make every
    // hop wait ~100 ms whatever the commit interval (measured: 110 ms per exactly-once hop).
    // Wall-clock punctuations (the timers) wait for it too. An engine that should sleep when idle
    // (runlog dev) sets a longer one through kafka.poll.ms: its timers may fire that much later.
    p.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, commitIntervalMs / 2)));
    // A task reading two topics (triggers and event expiries, say) otherwise stops while one of its
    // partitions has nothing buffered and an unknown lag, to interleave the two by timestamp; no
    // processor here needs that order, and the wait (and the log line it formats on every record)
    // showed in profiles.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    if (guarantee.startsWith("exactly_once")) {
      // Nothing is seen downstream before the commit, and a commit flushes the producer whatever
      // its
      // linger: lingering up to the interval costs no latency and fills batches. Measured: 16,000–
      // 17,000 tasks/s against 10,000 with linger 0, and half the broker and engine CPU per task.
      p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), commitIntervalMs);
      // A kafka.producer.batch.size setting wins: each partition's batch buffer stays pooled once
      // used, which a small process (runlog dev) would rather not keep.
      p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    } else {
      // Records are seen as soon as they are sent: Streams' default linger of 100 ms would be every
      // hop's latency.
      p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    }
    // A transaction started while the previous one's markers are still being written is refused
    // (CONCURRENT_TRANSACTIONS) and retried after retry.backoff.ms: at its default of 100 ms, a
    // commit soon after another stalled the hop ~100 ms (measured: p99 of 105 ms on one hop).
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
        5); // grows exponentially on repeated errors
  }
}
