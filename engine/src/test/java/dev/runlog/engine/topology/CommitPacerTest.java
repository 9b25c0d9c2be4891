package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class CommitPacerTest {
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

  @Test
  void aQuietThreadCommitsEachWriteAtOnce() {
    CommitPacer pacer = CommitPacer.of("exactly_once_v2");
    for (int i = 0; i < 5; i++) {
      context.setCurrentSystemTimeMs(1_000 + i * 30L);
      context.resetCommit();
      pacer.arrived(context, context.currentSystemTimeMs() - 1);
      pacer.wrote(context);
      assertTrue(context.committed(), "write " + i);
    }
  }

  /** Six records per run (trigger, event for the waits, four run events), a run every 7 ms. */
  @Test
  void runsMadeOneAfterAnotherAreLightLoad() {
    CommitPacer pacer = CommitPacer.of("exactly_once_v2");
    for (int run = 0; run < 20; run++) {
      for (int r = 0; r < 6; r++) {
        long now = 1_000 + run * 7L + r;
        context.setCurrentSystemTimeMs(now);
        context.resetCommit();
        pacer.arrived(context, now);
        pacer.wrote(context);
        assertTrue(context.committed(), "run " + run + ", record " + r);
      }
    }
  }

  @Test
  void aBusyThreadLeavesCommitsToTheInterval() {
    CommitPacer pacer = CommitPacer.of("exactly_once_v2");
    context.setCurrentSystemTimeMs(1_000);
    for (int i = 0; i <= CommitPacer.LIGHT_LOAD_RECORDS; i++) {
      pacer.arrived(context, 1_000);
    }
    pacer.wrote(context);
    assertFalse(context.committed());

    context.setCurrentSystemTimeMs(1_012); // the next interval still counts the busy one
    pacer.arrived(context, 1_012);
    pacer.wrote(context);
    assertFalse(context.committed());

    context.setCurrentSystemTimeMs(1_040); // quiet again
    pacer.arrived(context, 1_040);
    pacer.wrote(context);
    assertTrue(context.committed());
  }

  @Test
  void aRecordThatWaitedInKafkaMeansABacklogHoweverFewRecordsTheThreadStarted() {
    CommitPacer pacer = CommitPacer.of("exactly_once_v2");
    context.setCurrentSystemTimeMs(5_000);
    pacer.arrived(context, 5_000 - CommitPacer.BACKLOG_MS - 1); // slow commits: few records, old
    pacer.wrote(context);
    assertFalse(context.committed());

    context.setCurrentSystemTimeMs(5_100); // caught up: fresh records again
    pacer.arrived(context, 5_099);
    pacer.wrote(context);
    assertTrue(context.committed());
  }

  @Test
  void atLeastOnceNeverAsks() {
    CommitPacer pacer = CommitPacer.of("at_least_once");
    pacer.arrived(context, 0);
    pacer.wrote(context);
    assertFalse(context.committed());
  }
}
