package dev.runlog.engine.source;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.source.SourceDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Every source definition, read from the compacted {@code sources} topic into memory by each engine
 * instance (a handful of records; no consumer group: each instance reads all of it). Listeners
 * learn of each change on the catalog's thread, in the topic's order; what they do there must be
 * quick (start or stop a runtime), or the catalog falls behind.
 *
 * <pre>{@code
 * catalog.addListener((id, now) -> now.ifPresentOrElse(def -> start(def), () -> stop(id)));
 * }</pre>
 */
public final class SourceCatalog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCatalog.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  /** Learns of each change of a source: its definition now, or empty once it is deleted. */
  @FunctionalInterface
  public interface Listener {
    void changed(String id, Optional<SourceDefinition> now);
  }

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, SourceDefinition> sources = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** Next offset to read per partition, what {@link #awaitSeen} waits on. */
  private final Map<Integer, Long> positions = new HashMap<>();

  /** The end offsets when the catalog started: caught up once it has read to them. */
  private final Map<TopicPartition, Long> startEnds;

  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts reading {@code topic} from its beginning.
   *
   * @param client the engine's Kafka client settings (bootstrap, security)
   */
  public SourceCatalog(Properties client, String topic) {
    this.topic = topic;
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
    this.thread = new Thread(this::readForever, "runlog-source-catalog");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The topic's partitions; a topic created a moment ago may not be in every broker's metadata yet,
   * and reading none of it would miss every source.
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

  /** The source's definition, empty when there is none. */
  public Optional<SourceDefinition> get(String id) {
    return Optional.ofNullable(sources.get(id));
  }

  /** Every source, by id. */
  public List<SourceDefinition> all() {
    List<SourceDefinition> all = new ArrayList<>(sources.values());
    all.sort(Comparator.comparing(SourceDefinition::id));
    return all;
  }

  /**
   * Adds a listener; it learns of every source known now at once (on this thread), then of each
   * change (on the catalog's thread).
   */
  public void addListener(Listener listener) {
    synchronized (positions) { // no change is applied while it catches up
      listeners.add(listener);
      sources.forEach((id, def) -> listener.changed(id, Optional.of(def)));
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
            apply(r);
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
      LOG.error("the source catalog stopped reading {}", topic, e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      LOG.warn(
          "skipping a source record without a key at {}-{}@{}", topic, r.partition(), r.offset());
      return;
    }
    Optional<SourceDefinition> now;
    if (r.value() == null) {
      now = Optional.empty();
    } else {
      try {
        now = Optional.of(Codecs.SOURCE_DEFINITION.decode(r.value()));
      } catch (DecodeException e) {
        LOG.warn("skipping an unreadable definition of source {}: {}", r.key(), e.getMessage());
        return;
      }
    }
    if (now.isPresent()) {
      sources.put(r.key(), now.get());
    } else if (sources.remove(r.key()) == null) {
      return; // a tombstone of a source this instance never had
    }
    for (Listener l : listeners) {
      try {
        l.changed(r.key(), now);
      } catch (RuntimeException e) {
        LOG.error("a listener failed on the change of source {}", r.key(), e);
      }
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
