package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.it.OnRealBroker;
import dev.runlog.protocol.execution.ExecuteRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A run's Kafka sends across two executions, on the real broker without an engine: the later
 * execution fences the earlier one's producer and adopts the send it committed instead of writing
 * its records again.
 */
class RunTransactionIT extends OnRealBroker {

  @Test
  void aLaterExecutionAdoptsTheSendAnEarlierOneCommittedAndFencesIt() throws Exception {
    String prefix = "rtx";
    String runEvents = prefix + ".run-events";
    String out = prefix + ".out";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(new NewTopic(runEvents, 1, (short) 1), new NewTopic(out, 1, (short) 1)))
          .all()
          .get();
    }
    Properties client = new Properties();
    client.put("bootstrap.servers", cluster.bootstrapServers());
    Instant created = Instant.now().minusSeconds(1);
    List<KafkaRecord> records = List.of(KafkaRecord.of("k", "shipped"));
    try (TransactionalSends sends = new TransactionalSends(client, prefix, runEvents)) {
      RunTransaction first = sends.transaction(execution(1, created));
      RunTransaction.Sent sent = first.send("notify", out, records, created, 1, Instant.now());
      assertFalse(sent.adopted());

      RunTransaction second = sends.transaction(execution(2, created));
      RunTransaction.Sent again = second.send("notify", out, records, created, 1, Instant.now());
      assertTrue(again.adopted(), "found committed in the log");
      assertEquals(sent.outputJson(), again.outputJson());
      assertEquals(List.of("shipped"), values(out));

      assertThrows(
          RunAppender.AppendFailed.class,
          () -> first.send("later", out, records, created, 1, Instant.now()),
          "the earlier execution's producer is fenced");
      assertFalse(second.send("later", out, records, created, 1, Instant.now()).adopted());
      assertEquals(List.of("shipped", "shipped"), values(out));
      first.close();
      second.close();
    }
  }

  private static ExecuteRun execution(long n, Instant created) {
    return new ExecuteRun(
        "run_1", "ship", "1", n, "{}", null, "evt_1", "ship", created, created, List.of(),
        List.of(), 0, -1, null, false);
  }

  private List<String> values(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put("isolation.level", "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      Instant deadline = Instant.now().plusSeconds(30);
      while (consumer.position(tp) < end && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
