package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The settings of a worker's transactional producers (one per run, see RunTransaction). */
class TransactionalSendsTest {
  @Test
  void aRefusedTransactionIsRetriedSoonUnlessTheWorkerSaysOtherwise() {
    Properties client = new Properties();
    client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    client.put(ProducerConfig.CLIENT_ID_CONFIG, "w");
    Properties p = TransactionalSends.producerProperties(client, "pre.run.run_1");
    assertEquals(5, p.get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG));
    assertEquals("pre.run.run_1", p.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    assertEquals("w-pre.run.run_1", p.get(ProducerConfig.CLIENT_ID_CONFIG));
    assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
    assertEquals(
        TransactionalSends.TRANSACTION_TIMEOUT_MS,
        p.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));

    client.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50"); // the worker's kafka.retry.backoff.ms
    assertEquals(
        "50",
        TransactionalSends.producerProperties(client, "pre.run.run_1")
            .get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG));
  }
}
