package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskKeysTest {
  @Test
  void aKeyNotAddedIsSurelyAbsentAndOneAddedMayBePresent() {
    TaskKeys keys = new TaskKeys();
    assertFalse(keys.mayHave("greet"));
    for (int i = 0; i < 20; i++) { // past the first array
      assertTrue(keys.add("task-" + i));
    }
    assertTrue(keys.mayHave("task-0"));
    assertTrue(keys.mayHave("task-19"));
    assertFalse(keys.mayHave("task-20"));
  }

  @Test
  void aKeyWithTheHashOfOneAddedMayBePresent() {
    TaskKeys keys = new TaskKeys();
    keys.add("Aa");
    assertTrue(keys.mayHave("BB"), "same hash code as Aa: the store decides");
  }

  @Test
  void moreKeysThanItKeepsAreRefused() {
    TaskKeys keys = new TaskKeys();
    for (int i = 0; i < TaskKeys.MAX; i++) {
      assertTrue(keys.add("task-" + i));
    }
    assertTrue(keys.add("task-0"), "a key it has is no new one");
    assertFalse(keys.add("one-more"));
  }
}
