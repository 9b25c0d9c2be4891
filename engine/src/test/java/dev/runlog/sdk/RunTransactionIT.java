package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.engine.it.OnRealBroker;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.testkit.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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

  @Test
  void aSendToATopicThatDoesNotExistFailsItsTaskSayingSo() throws Exception {
    String prefix = "rtx-missing";
    String runEvents = prefix + ".run-events";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(runEvents, 1, (short) 1))).all().get();
    }
    Properties client = new Properties();
    client.put("bootstrap.servers", cluster.bootstrapServers());
    client.put("max.block.ms", 2_000); // how long the producer waits for the topic's metadata
    Instant created = Instant.now().minusSeconds(1);
    try (TransactionalSends sends = new TransactionalSends(client, prefix, runEvents)) {
      RunTransaction transaction = sends.transaction(execution(1, created));
      IntegrationException failed =
          assertThrows(
              IntegrationException.class,
              () ->
                  transaction.send(
                      "notify",
                      prefix + ".no-such-topic",
                      List.of(KafkaRecord.of("k", "shipped")),
                      created,
                      1,
                      Instant.now()));
      assertFalse(failed.retryable(), "nothing to try again until the topic is made");
      assertTrue(failed.getMessage().contains(prefix + ".no-such-topic"), failed.getMessage());
      transaction.close();
    }
  }

  private static ExecuteRun execution(long n, Instant created) {
    return new ExecuteRun(
        "run_1", "ship", "1", n, "{}", null, "evt_1", "ship", created, created, List.of(),
        List.of(), 0, -1, null, false);
  }

  /** The values of every committed record of {@code topic}, as text. */
  private List<String> values(String topic) {
    return TopicContents.read(cluster.bootstrapServers(), topic).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }
}
