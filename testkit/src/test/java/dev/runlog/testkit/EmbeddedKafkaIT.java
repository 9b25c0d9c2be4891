package dev.runlog.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a real broker, writes a record, restarts the broker on the same directory, reads it back.
 */
class EmbeddedKafkaIT {

  private static final String TOPIC = "embedded-kafka-it";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void keepsRecordsAcrossRestart() throws Exception {
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      assertNotEquals(0, kafka.port());
      assertEquals("localhost:" + kafka.port(), kafka.bootstrapServers());
      assertEquals(dataDir.toAbsolutePath(), kafka.dataDir());
      assertTrue(Files.exists(dataDir.resolve("meta.properties")), "log dir formatted");

      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
        clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        RecordMetadata sent =
            producer
                .send(new ProducerRecord<>(TOPIC, "run-1", "started"))
                .get(30, TimeUnit.SECONDS);
        assertEquals(0L, sent.offset());
      }

      assertOnlyRecord(readAll(kafka.bootstrapServers()));
    }

    // The data dir outlives the broker; a second broker on it must see the same log.
    EmbeddedKafka again = EmbeddedKafka.start(dataDir, 0);
    try {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers()))) {
        assertEquals(
            clusterId,
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS),
            "same cluster");
      }
      assertOnlyRecord(readAll(again.bootstrapServers()));
    } finally {
      again.close();
    }
    again.close(); // a second close is a no-op
  }

  private static void assertOnlyRecord(List<ConsumerRecord<String, String>> records) {
    assertEquals(1, records.size(), "records: " + records);
    assertEquals("run-1", records.get(0).key());
    assertEquals("started", records.get(0).value());
  }

  /** Reads the partition from the start up to its end offset, failing after a deadline. */
  private static List<ConsumerRecord<String, String>> readAll(String bootstrapServers) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer())) {
      // Manual assignment: no consumer group, so the test does not depend on the group coordinator.
      consumer.assign(Set.of(PARTITION));
      consumer.seekToBeginning(Set.of(PARTITION));
      long end = consumer.endOffsets(Set.of(PARTITION), READ_DEADLINE).get(PARTITION);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
      while (consumer.position(PARTITION, READ_DEADLINE) < end) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "read "
                  + records.size()
                  + " records, end offset "
                  + end
                  + ", not done within "
                  + READ_DEADLINE);
        }
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }
}
