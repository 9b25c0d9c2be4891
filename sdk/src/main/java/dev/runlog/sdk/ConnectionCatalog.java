package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.connection.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The managed connections on the compacted {@code connections} topic, sealed as the engine stored
 * them, as a worker's integrations look them up (as {@link JobCatalog} reads jobs): a lookup reads
 * the topic to its end when it was last read over {@link #FRESH} ago, so a connection added or
 * rotated reaches the next call within about a second; a miss goes on reading for a while, for a
 * connection that is being written. One consumer, without a group; it is opened at the first
 * lookup, so a worker without managed connections never reads the topic.
 */
final class ConnectionCatalog implements AutoCloseable {
  static final Duration FRESH = Duration.ofSeconds(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String topic;
  private final Properties client;
  private final Clock clock;
  private final Map<String, Connection> read = new HashMap<>();
  private KafkaConsumer<String, byte[]> consumer;
  private Instant readAt = Instant.MIN;

  ConnectionCatalog(String topic, Properties client, Clock clock) {
    this.topic = topic;
    this.client = client;
    this.clock = clock;
  }

  /** The topic it reads. */
  String topic() {
    return topic;
  }

  /**
   * Connection {@code key} ({@code integration} or {@code integration/account}); on a miss, reads
   * on for up to {@code wait} in case it is being added.
   *
   * @throws IllegalStateException when the topic cannot be read
   */
  Optional<Connection> find(String key, Duration wait) {
    Instant deadline = clock.instant().plus(wait);
    synchronized (this) {
      if (!read.containsKey(key)
          || Duration.between(readAt, clock.instant()).compareTo(FRESH) > 0) {
        readToEnd();
      }
    }
    while (true) { // a miss: one poll at a time, so that other runs' lookups are not held up
      synchronized (this) {
        Connection found = read.get(key);
        if (found != null || !clock.instant().isBefore(deadline)) {
          return Optional.ofNullable(found);
        }
        poll(); // waits up to POLL for records that come
      }
    }
  }

  private void readToEnd() {
    if (!assigned()) {
      return; // no topic yet: no connections
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    Instant deadline = clock.instant().plus(READ_TIMEOUT);
    while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException("cannot read " + topic + " within " + READ_TIMEOUT);
      }
      poll();
    }
    readAt = clock.instant();
  }

  private void poll() {
    if (!assigned()) {
      LockSupport.parkNanos(POLL.toNanos()); // the topic may be created meanwhile
      return;
    }
    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      if (r.value() == null) {
        read.remove(r.key()); // deleted
      } else {
        read.put(r.key(), Codecs.CONNECTION.decode(r.value()));
      }
    }
  }

  /** Opens the consumer on every partition of the topic; false while the topic does not exist. */
  private boolean assigned() {
    if (consumer == null) {
      Properties p = new Properties();
      p.putAll(client);
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
    if (consumer.assignment().isEmpty()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return false;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    return true;
  }

  @Override
  public synchronized void close() {
    if (consumer != null) {
      consumer.close();
    }
  }
}
