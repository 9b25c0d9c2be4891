package dev.runlog.engine;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams creates the engine's changelog topics on its first start against a cluster, and
 * since 4.3.0 it sleeps its main consumer's {@code retry.backoff.ms} after each topic it created
 * while others of the batch are still to be looked at (KAFKA-21033, not fixed in 4.3.1 or 4.4.0):
 * with the engine's 30 changelogs, an engine's first start slept ~3 s at the default 100 ms, and
 * {@code runlog dev}'s first start, whose consumer had 1,000, slept 28 s. A short back-off for the
 * main consumer keeps that sleep short; it only grows from there on repeated errors (up to {@code
 * retry.backoff.max.ms}), so a broker that is down is not asked much more often.
 */
final class InternalTopicCreation {
  static final int MAIN_CONSUMER_RETRY_BACKOFF_MS = 10;

  private InternalTopicCreation() {}

  /** Sets the main consumer's back-off, unless a setting of the engine's chooses one. */
  static void apply(Properties p) {
    String backoff = ConsumerConfig.RETRY_BACKOFF_MS_CONFIG;
    if (!p.containsKey(backoff)
        && !p.containsKey(StreamsConfig.consumerPrefix(backoff))
        && !p.containsKey(StreamsConfig.mainConsumerPrefix(backoff))) {
      p.put(StreamsConfig.mainConsumerPrefix(backoff), MAIN_CONSUMER_RETRY_BACKOFF_MS);
    }
  }
}
