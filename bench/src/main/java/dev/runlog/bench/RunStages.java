package dev.runlog.bench;

import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the runs of a throughput workload spend their time, from the events' own timestamps (one
 * clock: everything runs in one JVM): sent → {@code RunCreated} → first task starts → {@code
 * RunSucceeded} → seen in the log. Under load, the stage that grows is the queue.
 */
final class RunStages {
  private static final List<String> STAGES =
      List.of(
          "sentToRunCreated", "runCreatedToFirstTask", "firstTaskToSucceeded", "succeededToSeen");

  /** Milliseconds: sent, created, first task, succeeded, seen; 0 while unknown. */
  private final Map<String, long[]> runs = new ConcurrentHashMap<>();

  void sent(String runId) {
    runs.computeIfAbsent(runId, id -> new long[5])[0] = System.currentTimeMillis();
  }

  /** Called by the log watcher for every event of a run that was {@link #sent}. */
  void saw(RunEvent event) {
    long[] marks = runs.get(event.runId());
    if (marks == null) {
      return;
    }
    RunEventBody body = event.body();
    if (body instanceof RunEventBody.RunCreated) {
      marks[1] = event.timestamp().toEpochMilli();
    } else if (body instanceof RunEventBody.TaskCompleted t
        && marks[2] == 0
        && t.startedAt() != null) {
      marks[2] = t.startedAt().toEpochMilli();
    } else if (body instanceof RunEventBody.RunSucceeded) {
      marks[3] = event.timestamp().toEpochMilli();
      marks[4] = System.currentTimeMillis();
    }
  }

  /** Each stage's figures over the runs that have all their marks. */
  Map<String, Stats> figures() {
    Map<String, Stats> figures = new LinkedHashMap<>();
    for (int s = 0; s < STAGES.size(); s++) {
      int stage = s;
      double[] millis =
          runs.values().stream()
              .filter(m -> m[0] > 0 && m[1] > 0 && m[2] > 0 && m[3] > 0 && m[4] > 0)
              .mapToDouble(m -> m[stage + 1] - m[stage])
              .toArray();
      figures.put(STAGES.get(s), Stats.ofMillis(millis));
    }
    return figures;
  }
}
