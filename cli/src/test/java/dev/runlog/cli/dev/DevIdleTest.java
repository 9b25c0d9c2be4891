package dev.runlog.cli.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dev settings that trade latency for sleep leave a restart's path alone. */
class DevIdleTest {
  @Test
  void theGlobalThreadAndTheRestoreWaitLittleAfterACrash() {
    Map<String, Object> engine = DevIdle.engine();
    // the fetch wait of every consumer is long in dev, but not the two a restart waits on
    assertEquals(5000, engine.get("fetch.max.wait.ms"));
    assertEquals(500, engine.get("global.consumer.fetch.max.wait.ms"));
    assertEquals(500, engine.get("restore.consumer.fetch.max.wait.ms"));
    // Kafka Streams 4.3 sleeps this after each changelog topic it creates (KAFKA-21033)
    assertFalse(engine.containsKey("main.consumer.retry.backoff.ms"));
  }

  @Test
  void theWorkersSendsRetryARefusedTransactionSoon() {
    // the worker's transactional producers take its Kafka settings: a dev back-off would win over
    // their 5 ms (TransactionalSends)
    assertEquals(Map.of("fetch.max.wait.ms", 1000), DevIdle.worker());
  }

  @Test
  void aNewDataDirHasOnePartitionPerTopicAndAnOlderOneKeepsItsCount() {
    assertEquals(1, DevIdle.partitions(Optional.empty()));
    // its topics must stay partitioned alike: a topic added later gets the count of the others
    assertEquals(3, DevIdle.partitions(Optional.of(3)));
  }
}
