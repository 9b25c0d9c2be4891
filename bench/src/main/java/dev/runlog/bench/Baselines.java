package dev.runlog.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What Kafka alone costs on a cluster, to read the engine's own figures against (issue 5).
 *
 * <p>Three baselines: one producer round trip, one Kafka Streams hop with no logic in it, and the
 * raw throughput of produce plus consume. Each measurement creates its own topics ({@code
 * <prefix>.bench.<what>.<run>}) and deletes them, with everything else it opened, when it ends,
 * whether it succeeds or fails. The {@code <run>} part is random: a topic just deleted may still be
 * going away when the next measurement starts, and two benchmarks may share a cluster.
 *
 * <p>Times are {@link System#nanoTime()} differences: a benchmark measures the wall clock itself,
 * so there is nothing to inject here.
 */
public final class Baselines {

  /** Records of about the size of a small run event. */
  static final int RECORD_BYTES = 200;

  /** Sends before a round-trip measurement: the first ones pay for connections and metadata. */
  static final int ROUND_TRIP_WARM_UP = 50;

  /**
   * Hops before a hop measurement. The first records into a new topic pay one-off costs: here one
   * hop of 80–90 ms around the 16th record (it moved with {@code log.index.interval.bytes}, so
   * apparently the log's first index entry), which ten warm-up hops did not get past.
   */
  static final int HOP_WARM_UP = 50;

  /**
   * The longest one record may take; beyond it the broker or the application is broken, not slow.
   */
  static final Duration RECORD_DEADLINE = Duration.ofSeconds(30);

  /** The longest a whole throughput run may take. */
  static final Duration THROUGHPUT_DEADLINE = Duration.ofMinutes(2);

  private static final int LATENCY_PARTITIONS =
      1; // one partition: every record takes the same path
  private static final int THROUGHPUT_PARTITIONS = 3; // a few, so batching across partitions counts
  private static final Duration POLL = Duration.ofMillis(100);

  private final String bootstrapServers;
  private final String topicPrefix;
  // The contents do not matter (no compression is configured); only the size does.
  private final byte[] payload = new byte[RECORD_BYTES];

  /**
   * @param bootstrapServers the cluster to measure
   * @param topicPrefix the prefix of the topics created, e.g. the engine's {@code topic.prefix}
   */
  public Baselines(String bootstrapServers, String topicPrefix) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
    Arrays.fill(payload, (byte) 'x');
  }

  /**
   * The latency of one {@code acks=all} produce with {@code linger.ms=0}: {@code records}
   * sequential sends, each waited for, after {@value #ROUND_TRIP_WARM_UP} uncounted ones. This is
   * the least any engine step that appends an event can take.
   */
  public Stats produceRoundTrip(int records) {
    requirePositive(records);
    String topic = topicName("round-trip", runId());
    try (Scratch scratch = new Scratch(bootstrapServers)) {
      scratch.createTopic(topic, LATENCY_PARTITIONS);
      try (KafkaProducer<byte[], byte[]> producer = lingerFreeProducer()) {
        for (int i = 0; i < ROUND_TRIP_WARM_UP; i++) {
          await(producer.send(new ProducerRecord<>(topic, payload)));
        }
        long[] nanos = new long[records];
        for (int i = 0; i < records; i++) {
          long start = System.nanoTime();
          await(producer.send(new ProducerRecord<>(topic, payload)));
          nanos[i] = System.nanoTime() - start;
        }
        return Stats.of(nanos);
      }
    }
  }

  /**
   * The latency of one Kafka Streams hop: a record produced to a source topic until a {@code
   * read_committed} consumer reads it from the sink topic that a pass-through application copies it
   * to, with the given guarantee and commit interval (as the engine runs). One record at a time,
   * {@code records} of them after {@value #HOP_WARM_UP} uncounted ones.
   *
   * @param guarantee {@code exactly_once_v2} or {@code at_least_once}
   * @param commitIntervalMs the Streams commit interval; under exactly-once it sets the hop's
   *     latency
   */
  // "try": the application is a resource only to be closed; the body talks to it through topics.
  @SuppressWarnings("try")
  public Stats streamsHop(String guarantee, long commitIntervalMs, int records) {
    Objects.requireNonNull(guarantee, "guarantee");
    requirePositive(records);
    String run = runId();
    String source = topicName("hop-source", run);
    String sink = topicName("hop-sink", run);
    String applicationId = topicName("hop", run);
    try (Scratch scratch = new Scratch(bootstrapServers)) {
      scratch.createTopic(source, LATENCY_PARTITIONS);
      scratch.createTopic(sink, LATENCY_PARTITIONS);
      scratch.deleteGroupOnClose(applicationId);
      // Closed in reverse order: the consumer and producer, then the application (which leaves its
      // group), then the scratch topics and the group.
      try (PassThrough app =
              PassThrough.start(
                  bootstrapServers, applicationId, source, sink, guarantee, commitIntervalMs);
          KafkaProducer<byte[], byte[]> producer = lingerFreeProducer();
          KafkaConsumer<byte[], byte[]> consumer =
              Clients.consumer(
                  bootstrapServers,
                  Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
        TopicPartition out = new TopicPartition(sink, 0);
        consumer.assign(Set.of(out));
        // The sink is new: everything in it is ours, and reading from the start cannot miss a
        // record.
        consumer.seekToBeginning(Set.of(out));
        long sequence = 0;
        for (int i = 0; i < HOP_WARM_UP; i++) {
          hop(producer, consumer, source, sequence++);
        }
        long[] nanos = new long[records];
        for (int i = 0; i < records; i++) {
          nanos[i] = hop(producer, consumer, source, sequence++);
        }
        return Stats.of(nanos);
      }
    }
  }

  /**
   * Produces {@code records} records asynchronously ({@code acks=all}, the producer's default
   * batching) to a {@value #THROUGHPUT_PARTITIONS}-partition topic while a separate consumer reads
   * them back; the rate runs from the first send to the last record consumed.
   */
  public Rate rawThroughput(int records) {
    requirePositive(records);
    String topic = topicName("throughput", runId());
    try (Scratch scratch = new Scratch(bootstrapServers)) {
      scratch.createTopic(topic, THROUGHPUT_PARTITIONS);
      try (Drain drain =
          Drain.start(
              bootstrapServers, topic, THROUGHPUT_PARTITIONS, records, THROUGHPUT_DEADLINE)) {
        long start;
        try (KafkaProducer<byte[], byte[]> producer =
            Clients.producer(bootstrapServers, Map.of())) {
          AtomicReference<Exception> failure = new AtomicReference<>();
          // Fetch the topic's metadata (and connect) before the clock starts: the first send
          // would otherwise wait for it, and a throughput figure is not about set-up.
          producer.partitionsFor(topic);
          start = System.nanoTime();
          for (int i = 0; i < records && failure.get() == null; i++) {
            producer.send(
                new ProducerRecord<>(topic, payload),
                (metadata, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                });
          }
          producer.flush();
          if (failure.get() != null) {
            throw new IllegalStateException("a send to " + topic + " failed", failure.get());
          }
        }
        return Rate.of(records, drain.awaitLastConsumedAt() - start);
      }
    }
  }

  /**
   * Sends the record numbered {@code sequence} and returns the nanoseconds until the consumer reads
   * it.
   */
  private long hop(
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer,
      String source,
      long sequence) {
    long start = System.nanoTime();
    Future<RecordMetadata> sent =
        producer.send(new ProducerRecord<>(source, key(sequence), payload));
    long until = start + RECORD_DEADLINE.toNanos();
    while (true) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        // Earlier sequence numbers are duplicates that at_least_once may deliver again.
        if (ByteBuffer.wrap(record.key()).getLong() == sequence) {
          long elapsed = System.nanoTime() - start;
          await(sent);
          return elapsed;
        }
      }
      if (sent.isDone()) {
        await(sent); // a failed send will never arrive: report it now, not at the deadline
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "record " + sequence + " not copied from " + source + " within " + RECORD_DEADLINE);
      }
    }
  }

  private KafkaProducer<byte[], byte[]> lingerFreeProducer() {
    // Send at once: a latency figure must not include the producer waiting for a batch to fill.
    return Clients.producer(bootstrapServers, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
  }

  private String topicName(String what, String run) {
    return topicPrefix + ".bench." + what + "." + run;
  }

  private static String runId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] key(long sequence) {
    return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
  }

  private static void requirePositive(int records) {
    if (records < 1) {
      throw new IllegalArgumentException("records must be positive: " + records);
    }
  }

  private static RecordMetadata await(Future<RecordMetadata> sent) {
    try {
      return sent.get(RECORD_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a send failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("a send was not acknowledged within " + RECORD_DEADLINE, e);
    }
  }
}
