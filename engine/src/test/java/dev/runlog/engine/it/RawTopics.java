package dev.runlog.engine.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every record of every topic of a runlog prefix (its own topics, and Kafka Streams'
 * changelogs and repartition topics, named after the prefix too) as raw bytes, aborted transactions
 * included, and looks for byte strings in their keys, values and headers.
 */
public final class RawTopics {
  private RawTopics() {}

  /**
   * What a search read and found.
   *
   * @param hits for each needle (as text), "topic-partition@offset" of each record holding it
   */
  public record Found(List<String> topics, long records, Map<String, List<String>> hits) {
    /** Where {@code needle} was found. */
    public List<String> of(String needle) {
      return hits.getOrDefault(needle, List.of());
    }
  }

  /** Searches the topics of {@code prefix} for each of {@code needles}, in UTF-8. */
  public static Found search(String bootstrapServers, String prefix, String... needles) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    List<String> topics;
    try (Admin admin = Admin.create(p)) {
      topics =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith(prefix + ".") || t.startsWith(prefix + "-"))
              .sorted()
              .toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("cannot list topics", e.getCause());
    }
    p.put("isolation.level", "read_uncommitted"); // what an aborted transaction left counts too
    p.put("enable.auto.commit", "false");
    long records = 0;
    Map<String, List<String>> hits = new java.util.LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plus(Api.DEADLINE);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("cannot read the topics of " + prefix + " to their ends");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records++;
          for (String needle : needles) {
            if (holds(r, needle.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
              hits.computeIfAbsent(needle, k -> new ArrayList<>())
                  .add(r.topic() + "-" + r.partition() + "@" + r.offset());
            }
          }
        }
      }
    }
    return new Found(topics, records, hits);
  }

  private static boolean holds(ConsumerRecord<byte[], byte[]> r, byte[] needle) {
    if (indexOf(r.key(), needle) >= 0 || indexOf(r.value(), needle) >= 0) {
      return true;
    }
    for (Header h : r.headers()) {
      if (indexOf(h.value(), needle) >= 0
          || h.key().contains(new String(needle, java.nio.charset.StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }

  /** Where {@code needle} starts in {@code haystack}, or -1 (also when either is null). */
  static int indexOf(byte[] haystack, byte[] needle) {
    if (haystack == null || needle == null || needle.length == 0) {
      return -1;
    }
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
