package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tasks of test jobs did in the world, counted by run and task key: the delivery contract
 * says each happens once, whatever crashed or moved meanwhile.
 */
public final class SideEffects {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** Call from the task itself. */
  public void happened(String runId, String taskKey) {
    counts.computeIfAbsent(runId + "/" + taskKey, k -> new AtomicInteger()).incrementAndGet();
  }

  /** How many side effects happened, counting repeats. */
  public int total() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Fails unless exactly {@code expected} side effects happened, each once. */
  public void assertEachOnce(int expected) {
    List<String> again =
        counts.entrySet().stream()
            .filter(e -> e.getValue().get() != 1)
            .map(e -> e.getKey() + " ran " + e.getValue().get() + " times")
            .sorted()
            .toList();
    assertTrue(again.isEmpty(), "tasks ran more than once: " + again);
    assertEquals(expected, counts.size(), "side effects that happened");
  }
}
