package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.junit.jupiter.api.Test;

class WorkerGroupTest {
  private static Properties of(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.put(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void aWorkerRebalancesIncrementallyWithShortSessions() {
    Properties p = of();
    Worker.groupDefaults(p);
    assertEquals(CooperativeStickyAssignor.class.getName(), p.get("partition.assignment.strategy"));
    assertEquals(10_000, p.get("session.timeout.ms"));
    assertEquals(3_000, p.get("heartbeat.interval.ms"));
  }

  @Test
  void theWorkersOwnGroupSettingsWin() {
    Properties p =
        of(
            "partition.assignment.strategy",
            RangeAssignor.class.getName(),
            "session.timeout.ms",
            "6000");
    Worker.groupDefaults(p);
    assertEquals(RangeAssignor.class.getName(), p.get("partition.assignment.strategy"));
    assertEquals(2_000, p.get("heartbeat.interval.ms"));
  }

  @Test
  void theConsumerGroupProtocolGetsNoClassicSettings() {
    // the broker sets them there, and the consumer refuses an assignment strategy
    Properties p = of("group.protocol", "consumer");
    Worker.groupDefaults(p);
    assertFalse(p.containsKey("partition.assignment.strategy"));
    assertFalse(p.containsKey("session.timeout.ms"));
  }

  @Test
  void givingUpPartitionsWaitsLessThanAPollIntervalForRunsInFlight() {
    assertEquals(Worker.REVOKE_WAIT, Worker.revokeWait(of()));
    assertEquals(Duration.ofSeconds(3), Worker.revokeWait(of("max.poll.interval.ms", "6000")));
    assertEquals(Worker.REVOKE_WAIT, Worker.revokeWait(of("max.poll.interval.ms", "300000")));
  }
}
