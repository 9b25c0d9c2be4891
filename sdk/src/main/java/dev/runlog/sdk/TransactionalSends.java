package dev.runlog.sdk;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A worker's side of {@link Kafka#send}: the transactional producers of its executions (one per
 * run, see {@link RunTransaction}) and the reads of run-events that find what a run's executions
 * already committed.
 *
 * <p>A producer's {@code transactional.id} is {@code <prefix>.run.<runId>}: the producer that a
 * later execution of the run opens fences the producers of earlier ones, wherever they run, and its
 * {@code initTransactions} returns once their last transaction is committed or aborted.
 */
final class TransactionalSends implements AutoCloseable {
  /**
   * How long a transaction may stay open. A worker killed inside one leaves it open, and until the
   * broker aborts it (up to its {@code
   * transaction.abort.timed.out.transaction.cleanup.interval.ms}, 10 s by default, later)
   * read_committed readers of that run-events partition, the engine among them, stop there. A send
   * takes milliseconds, so a short timeout costs nothing else.
   */
  static final int TRANSACTION_TIMEOUT_MS = 10_000;

  /** How long a read of the log may wait for transactions of other runs to end. */
  private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  /**
   * Before a run's creation time when the log stamps records with the broker's clock (the engine's
   * clock may be ahead of the broker's).
   */
  private static final Duration APPEND_TIME_MARGIN = Duration.ofMinutes(5);

  /** How long the cluster is asked whether a send's topic exists, after the send timed out. */
  private static final Duration MISSING_CHECK = Duration.ofSeconds(10);

  private final Properties client;
  private final String prefix;
  private final String runEvents;
  private final ConcurrentLinkedDeque<Reader> readers = new ConcurrentLinkedDeque<>();
  private final Set<KafkaProducer<byte[], byte[]>> open = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger readerIds =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile Boolean appendTime;
  private volatile boolean closed;

  /**
   * @param client the worker's client properties (bootstrap servers and its {@code kafka}
   *     properties)
   */
  TransactionalSends(Properties client, String prefix, String runEvents) {
    this.client = client;
    this.prefix = prefix;
    this.runEvents = runEvents;
  }

  String runEvents() {
    return runEvents;
  }

  /** A transaction for {@code command}'s execution, whose producer opens at its first send. */
  RunTransaction transaction(ExecuteRun command) {
    return new RunTransaction(this, command);
  }

  /** A transactional producer for {@code runId}, not yet initialized. */
  KafkaProducer<byte[], byte[]> producer(String runId) {
    if (closed) {
      throw new RunAppender.AppendFailed("the worker is stopping", null);
    }
    Properties p = producerProperties(client, prefix + ".run." + runId);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    open.add(producer);
    return producer;
  }

  /** The settings of the transactional producer {@code transactionalId} of a worker. */
  static Properties producerProperties(Properties client, String transactionalId) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    // A transaction begun while the broker still writes the markers of the one before (the
    // execution's previous send, or initTransactions) is refused (CONCURRENT_TRANSACTIONS) and
    // retried after this: at the default of 100 ms, an execution's first send took p50 117 ms on
    // one broker (20 at 5 ms), a later send 26 ms on three (8.6)
    p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5); // grows on repeated errors
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(
        ProducerConfig.CLIENT_ID_CONFIG,
        p.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "") + "-" + transactionalId);
    return p;
  }

  void closed(KafkaProducer<byte[], byte[]> producer, Duration timeout) {
    open.remove(producer);
    producer.close(timeout);
  }

  /**
   * The outputs of the Kafka sends of {@code command}'s run that are committed in run-events from
   * where the engine's dispatch of this execution stood to the end, by task key, the first of a key
   * winning. A send committed before that is in the dispatch's tasks: the engine keeps a fenced
   * execution's send too.
   *
   * @throws TransactionsStuckException when other transactions keep the end out of reach
   */
  Map<String, String> committedSends(ExecuteRun command) {
    Reader reader = readers.pollFirst();
    if (reader == null) {
      reader = new Reader();
    }
    try {
      Map<String, String> sends = reader.read(command);
      readers.addFirst(reader);
      if (closed) { // the worker closed meanwhile: nobody else will close it
        close();
      }
      return sends;
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Stops every producer at once, as a crash would (the worker's kill). */
  void kill() {
    closed = true;
    for (KafkaProducer<byte[], byte[]> producer : List.copyOf(open)) {
      closed(producer, Duration.ZERO);
    }
    close();
  }

  @Override
  public void close() {
    closed = true;
    Reader reader;
    while ((reader = readers.pollFirst()) != null) {
      reader.close();
    }
  }

  /** Other runs' transactions kept the log's end out of reach: the send did not start. */
  static final class TransactionsStuckException extends RuntimeException {
    TransactionsStuckException(String message) {
      super(message);
    }
  }

  /** Two consumers of run-events: one reads committed records, one tells where the log ends. */
  private final class Reader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> committed = consumer("read_committed");
    private final KafkaConsumer<String, byte[]> uncommitted = consumer("read_uncommitted");

    Map<String, String> read(ExecuteRun command) {
      TopicPartition tp =
          new TopicPartition(
              runEvents,
              command.logPartition() >= 0 ? command.logPartition() : partitionOf(command.runId()));
      List<TopicPartition> tps = List.of(tp);
      // the high watermark, not the last stable offset: a committed send may sit behind another
      // run's transaction still open
      long end = uncommitted.endOffsets(tps).get(tp);
      committed.assign(tps);
      long from =
          command.logOffset() >= 0 ? command.logOffset() : around(tp, command.runCreatedAt());
      committed.seek(tp, Math.max(from, committed.beginningOffsets(tps).get(tp)));
      Map<String, String> sends = new HashMap<>();
      Instant deadline = Instant.now().plus(READ_DEADLINE);
      while (committed.position(tp) < end) {
        if (Instant.now().isAfter(deadline)) {
          throw new TransactionsStuckException(
              "run-events partition "
                  + tp.partition()
                  + " has had a transaction open for more than "
                  + READ_DEADLINE.toSeconds()
                  + " s; a worker that died in one leaves it until the broker aborts it");
        }
        for (ConsumerRecord<String, byte[]> record : committed.poll(Duration.ofMillis(50))) {
          if (!command.runId().equals(record.key())) {
            continue;
          }
          RunEvent event;
          try {
            event = Codecs.RUN_EVENT.decode(record.value());
          } catch (DecodeException e) {
            continue;
          }
          if (event.body() instanceof RunEventBody.TaskCompleted c
              && c.integration() != null
              && c.integration().committedWithItsRecords()) {
            sends.putIfAbsent(c.key(), c.output());
          }
        }
      }
      return sends;
    }

    /**
     * An offset at or before every send of a run created at {@code createdAt} that was dispatched
     * with its creation (its offset was not known yet): a send's record carries a timestamp no
     * earlier than the run's creation ({@link RunTransaction}), unless the topic stamps records
     * with the broker's clock.
     */
    private long around(TopicPartition tp, Instant createdAt) {
      Instant at = isAppendTime() ? createdAt.minus(APPEND_TIME_MARGIN) : createdAt;
      OffsetAndTimestamp found = committed.offsetsForTimes(Map.of(tp, at.toEpochMilli())).get(tp);
      return found != null ? found.offset() : committed.endOffsets(List.of(tp)).get(tp);
    }

    private int partitionOf(String runId) {
      int partitions = committed.partitionsFor(runEvents).size();
      return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void close() {
      committed.close();
      uncommitted.close();
    }
  }

  /**
   * True when the cluster says that {@code topic} does not exist. A producer cannot tell a missing
   * topic from a slow one: it waits for the topic's metadata until {@code max.block.ms} and then
   * times out, as when a broker is down. False when the cluster cannot be asked either.
   */
  boolean isMissing(String topic) {
    Admin admin = Admin.create(client);
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(MISSING_CHECK.toMillis(), MILLISECONDS);
      return false;
    } catch (ExecutionException e) {
      return e.getCause() instanceof UnknownTopicOrPartitionException;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException | RuntimeException e) {
      return false;
    } finally {
      admin.close(Duration.ZERO); // a cluster that did not answer is not waited for again
    }
  }

  /** True when run-events stamps its records with the broker's clock (asked once). */
  private boolean isAppendTime() {
    Boolean known = appendTime;
    if (known == null) {
      try (Admin admin = Admin.create(client)) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, runEvents);
        Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        known =
            "LogAppendTime".equals(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value());
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return true; // the safe guess, not kept
      }
      appendTime = known;
    }
    return known;
  }

  private KafkaConsumer<String, byte[]> consumer(String isolation) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        p.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "")
            + "-sends-"
            + isolation
            + "-"
            + readerIds.incrementAndGet());
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
