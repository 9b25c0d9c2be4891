package dev.runlog.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of a topic, up to the end it has when the read starts: what a test asserts on after
 * the fact. Records come in partition order (partition, then offset), tombstones included, keys and
 * values as bytes for the caller to decode.
 *
 * <p>{@code List<ConsumerRecord<byte[], byte[]>> out = TopicContents.read(bootstrap, "orders");}
 */
public final class TopicContents {
  /** How long a read may take before it fails: it only guards against a broker that is stuck. */
  public static final Duration DEADLINE = Duration.ofSeconds(60);

  private TopicContents() {}

  /** Every committed record of {@code topic} (read_committed), read within {@link #DEADLINE}. */
  public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, IsolationLevel.READ_COMMITTED, DEADLINE);
  }

  /**
   * Every record of {@code topic} that {@code isolation} sees, read within {@code within}.
   *
   * @throws AssertionError naming the topic and the positions reached, if {@code within} passes
   *     before every partition is read to its end
   */
  public static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrapServers, String topic, IsolationLevel isolation, Duration within) {
    // no group: assigned partitions, nothing committed, nothing left behind on the broker
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "isolation.level",
            isolation.name().toLowerCase(Locale.ROOT));
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Taken once, so records written meanwhile are not waited for; under read_committed these
      // are the last stable offsets, so a transaction still open does not hold the read either.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + within.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() - deadline > 0) {
          Map<Integer, String> reached = new TreeMap<>();
          partitions.forEach(
              tp -> reached.put(tp.partition(), consumer.position(tp) + "/" + end.get(tp)));
          throw new AssertionError(
              topic
                  + " not read to its end within "
                  + within
                  + "; position/end by partition: "
                  + reached);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
            records.add(r);
          }
        }
      }
    }
    // a poll interleaves partitions: sorted, the result does not depend on fetch timing
    records.sort(
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }
}
