package dev.runlog.engine.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TriggerProgressTest {
  @Test
  void aPartitionIsReadUpToTheOffsetAfterItsLastHandledTrigger() {
    TriggerProgress progress = new TriggerProgress();
    assertFalse(progress.readUpTo(0, 0), "a partition not read here is never caught up");
    progress.read(0, 4);
    assertTrue(progress.readUpTo(0, 5));
    assertFalse(progress.readUpTo(0, 6), "a record after it is not read yet");
    progress.read(0, 2); // a late call for an older offset does not go back
    assertTrue(progress.readUpTo(0, 5));
    progress.forget(0);
    assertFalse(progress.readUpTo(0, 5), "moved away: nothing known");
  }
}
