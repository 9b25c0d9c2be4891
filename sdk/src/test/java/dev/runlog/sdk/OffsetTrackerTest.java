package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition TP = new TopicPartition("runlog.executions", 0);

  @Test
  void commitsOnlyBelowTheOldestRunStillExecuting() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.started(TP, 5);
    tracker.started(TP, 6);
    tracker.started(TP, 7);
    tracker.done(TP, 6);
    tracker.done(TP, 7);
    assertEquals(
        5, tracker.committable().get(TP).offset(), "5 still runs: a crash must redeliver it");
    tracker.done(TP, 5);
    assertEquals(8, tracker.committable().get(TP).offset());
    assertTrue(tracker.committable().isEmpty(), "nothing moved since");
    assertEquals(0, tracker.inFlight());
  }

  @Test
  void aFailedCommitIsOfferedAgain() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.started(TP, 3);
    tracker.done(TP, 3);
    var offered = tracker.committable();
    assertEquals(4, offered.get(TP).offset());
    tracker.commitFailed(offered);
    assertEquals(4, tracker.committable().get(TP).offset(), "offered again");
    assertTrue(tracker.committable().isEmpty());
  }
}
