package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RanHereTest {
  @Test
  void aCopyOfAnExecutionThatRanHereOrAnEarlierOneIsKnown() {
    RanHere ranHere = new RanHere();
    assertFalse(ranHere.already("r", 1));
    ranHere.ran("r", 2);
    assertTrue(ranHere.already("r", 2));
    assertTrue(ranHere.already("r", 1), "older than what ran here");
    assertFalse(ranHere.already("r", 3), "a new dispatch runs");
    ranHere.ran("r", 1); // a stray older one ending late keeps the latest
    assertTrue(ranHere.already("r", 2));
  }

  @Test
  void theOldestRunsAreForgottenFirst() {
    RanHere ranHere = new RanHere();
    for (int i = 0; i <= RanHere.RUNS; i++) {
      ranHere.ran("r" + i, 1);
    }
    assertFalse(ranHere.already("r0", 1));
    assertTrue(ranHere.already("r1", 1));
    assertTrue(ranHere.already("r" + RanHere.RUNS, 1));
  }
}
