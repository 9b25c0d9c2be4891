package dev.runlog.protocol.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunIdsTest {
  @Test
  void theSameEventAndJobMakeTheSameRunId() {
    assertEquals(RunIds.of("evt-1", "hello"), RunIds.of("evt-1", "hello"));
    assertTrue(!RunIds.of("evt-1", "hello").equals(RunIds.of("evt-1", "other")));
  }

  @Test
  void onlyTheFormOfRunIdsIsARunId() {
    assertTrue(RunIds.isRunId(RunIds.of("evt-1", "hello")));
    assertTrue(RunIds.isRunId("run_0123456789abcdef0123456789abcdef"));
    assertFalse(RunIds.isRunId("run_nope"));
    assertFalse(RunIds.isRunId("run_0123456789ABCDEF0123456789abcdef"));
    assertFalse(RunIds.isRunId("evt_0123456789abcdef0123456789abcdef"));
    assertFalse(RunIds.isRunId("run_0123456789abcdef0123456789abcdef0"));
    assertFalse(RunIds.isRunId(""));
    assertFalse(RunIds.isRunId(null));
  }
}
