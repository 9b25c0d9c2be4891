package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition TP = new TopicPartition("runlog.executions", 0);

  @Test
  void commitsOnlyBelowTheOldestRunStillExecuting() {
    OffsetTracker tracker = new OffsetTracker();
    long owned = tracker.started(TP, 5);
    tracker.started(TP, 6);
    tracker.started(TP, 7);
    tracker.done(TP, 6, owned);
    tracker.done(TP, 7, owned);
    assertEquals(
        5, tracker.committable().get(TP).offset(), "5 still runs: a crash must redeliver it");
    tracker.done(TP, 5, owned);
    assertEquals(8, tracker.committable().get(TP).offset());
    assertTrue(tracker.committable().isEmpty(), "nothing moved since");
    assertEquals(0, tracker.inFlight());
  }

  @Test
  void aFailedCommitIsOfferedAgain() {
    OffsetTracker tracker = new OffsetTracker();
    long owned = tracker.started(TP, 3);
    tracker.done(TP, 3, owned);
    var offered = tracker.committable();
    assertEquals(4, offered.get(TP).offset());
    tracker.commitFailed(offered);
    assertEquals(4, tracker.committable().get(TP).offset(), "offered again");
    assertTrue(tracker.committable().isEmpty());
  }

  @Test
  void givingUpAPartitionWaitsForTheRunsThatBeganAndStopsTheQueuedOnes() throws Exception {
    OffsetTracker tracker = new OffsetTracker();
    long owned = tracker.started(TP, 1);
    tracker.started(TP, 2); // accepted, still queued for a thread
    assertTrue(tracker.begin(TP, 1, owned));
    tracker.givingUp(List.of(TP));
    assertFalse(tracker.begin(TP, 2, owned), "the next owner runs it");
    assertFalse(tracker.awaitDone(List.of(TP), System.nanoTime()), "1 still executes");
    assertEquals(1, tracker.committable().get(TP).offset(), "the next owner starts at 1");
    tracker.done(TP, 1, owned);
    assertTrue(tracker.awaitDone(List.of(TP), System.nanoTime()), "2 never began");
  }

  @Test
  void aRunOfAnEarlierOwnershipDoesNotTouchTheNextOne() {
    OffsetTracker tracker = new OffsetTracker();
    long before = tracker.started(TP, 4);
    assertTrue(tracker.begin(TP, 4, before));
    tracker.givingUp(List.of(TP));
    tracker.forget(TP);
    long after = tracker.started(TP, 4); // given back, and read again from its committed offset
    tracker.done(TP, 4, before); // the first copy ends
    assertEquals(4, tracker.committable().get(TP).offset(), "the second copy still counts");
    assertTrue(tracker.begin(TP, 4, after));
  }
}
