package dev.runlog.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest execution of each of the runs this worker ran most recently. A copy of an execution
 * that already ran here is a duplicate: the engine gives every new dispatch a new execution number,
 * and sends one again as the same number only when no worker was heard from. Copies come from an
 * event sent twice to the API before the engine read it (each request writes its run's start), or
 * from the engine sending again an execution the API wrote. Thread-safe; bounded, oldest first out.
 */
final class RanHere {
  static final int RUNS = 10_000;

  private final Map<String, Long> executions =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > RUNS;
        }
      };

  /** Execution {@code execution} of run {@code runId} ran here, to its end or until it stopped. */
  synchronized void ran(String runId, long execution) {
    Long before = executions.remove(runId);
    executions.put(runId, before == null ? execution : Math.max(before, execution));
  }

  /** True when this execution of the run, or a later one, already ran here. */
  synchronized boolean already(String runId, long execution) {
    Long latest = executions.get(runId);
    return latest != null && latest >= execution;
  }
}
