package dev.runlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each benchmark task's function started and returned, per run, as the job's code sees it (the
 * worker runs in the benchmark's JVM, so one clock serves both sides).
 */
final class Recorder {
  /** One call of a task's function. */
  record Call(int index, long execution, long startNanos, long endNanos, long startMillis) {}

  private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();

  void record(String runId, Call call) {
    calls.computeIfAbsent(runId, k -> new ArrayList<>()).add(call);
  }

  /** The run's calls in the order they happened (one worker thread runs a run at a time). */
  List<Call> calls(String runId) {
    List<Call> list = calls.get(runId);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  void clear() {
    calls.clear();
  }
}
