package dev.runlog.engine.catalog;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a small compacted topic from its beginning, for ever, on a thread of its own, with no
 * consumer group: each engine instance reads all of it (the source definitions, the managed
 * connections). Each record is handed to {@code apply} in the topic's order, under {@link
 * #exclusive}; {@link #awaitSeen} lets a writer answer only once a read here shows its record.
 */
public final class CompactedTopicReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicReader.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<ConsumerRecord<String, byte[]>> apply;

  /** Next offset to read per partition, what {@link #awaitSeen} waits on; also the lock. */
  private final Map<Integer, Long> positions = new HashMap<>();

  /** The end offsets when the reader started: caught up once it has read to them. */
  private final Map<TopicPartition, Long> startEnds;

  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts reading {@code topic} from its beginning.
   *
   * @param client the engine's Kafka client settings (bootstrap, security)
   * @param apply what to do with each record (a null value is a tombstone); it must be quick
   */
  public CompactedTopicReader(
      Properties client,
      String topic,
      String threadName,
      Consumer<ConsumerRecord<String, byte[]>> apply) {
    this.topic = topic;
    this.apply = apply;
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.startEnds = Map.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    this.thread = new Thread(this::readForever, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The topic's partitions; a topic created a moment ago may not be in every broker's metadata yet,
   * and reading none of it would miss every record.
   */
  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.nanoTime() > deadline) {
        consumer.close();
        throw new IllegalStateException("topic " + topic + " has no partitions after 30 s");
      }
      try {
        Thread.sleep(100); // metadata propagates between brokers in milliseconds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        consumer.close();
        throw new IllegalStateException("interrupted while looking up " + topic, e);
      }
    }
  }

  /** Runs {@code action} while no record is applied (to hand a new listener what is known). */
  public void exclusive(Runnable action) {
    synchronized (positions) {
      action.run();
    }
  }

  /** True once it has read what the topic held when it started. */
  public boolean caughtUp() {
    synchronized (positions) {
      return startEnds.entrySet().stream()
          .allMatch(e -> positions.getOrDefault(e.getKey().partition(), 0L) >= e.getValue());
    }
  }

  /**
   * Waits until it has read what the topic held when it started.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitCaughtUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (positions) {
      while (!caughtUp()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        try {
          positions.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Waits until it has read the record at {@code offset} of {@code partition} (one this instance
   * just wrote), so that the API answers a write only when a read here shows it.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitSeen(int partition, long offset, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (positions) {
      while (positions.getOrDefault(partition, 0L) <= offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          positions.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void readForever() {
    try {
      while (running) {
        var records = consumer.poll(POLL);
        synchronized (positions) {
          for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() == null) {
              LOG.warn(
                  "skipping a record without a key at {}-{}@{}", topic, r.partition(), r.offset());
              continue;
            }
            apply.accept(r);
          }
          for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp.partition(), consumer.position(tp));
          }
          positions.notifyAll();
        }
      }
    } catch (WakeupException | InterruptException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("stopped reading {}", topic, e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
