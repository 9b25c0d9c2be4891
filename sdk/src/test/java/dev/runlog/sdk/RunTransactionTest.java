package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a Kafka send stop the execution for a later one to try again, and which are the
 * send's own, a failed attempt of its task.
 */
class RunTransactionTest {
  @Test
  void kafkaNotTakingTheSendForNowIsNotTheTasksFailure() {
    assertTrue(RunTransaction.isTransient(new TimeoutException("commit took longer than 30 s")));
    assertTrue(RunTransaction.isTransient(new NotEnoughReplicasException("a broker is down")));
    assertTrue(
        RunTransaction.isTransient(
            new KafkaException(
                "the transaction is in an error state", new TimeoutException("expired"))));
    assertTrue(
        RunTransaction.isTransient(
            new TransactionalSends.TransactionsStuckException("another run's transaction")));
  }

  @Test
  void aSendKafkaRefusesIsTheTasksFailure() {
    assertFalse(RunTransaction.isTransient(new RecordTooLargeException("2 MB")));
    assertFalse(RunTransaction.isTransient(new TopicAuthorizationException("orders.out")));
    assertFalse(RunTransaction.isTransient(new IllegalArgumentException("no topic")));
  }
}
