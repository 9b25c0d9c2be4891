package dev.runlog.engine.run;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what the run processors did, shared by an engine's stream threads (metrics come later). */
public final class RunCounters {
  private final Map<RunStatus, LongAdder> transitions = new EnumMap<>(RunStatus.class);
  private final LongAdder ignored = new LongAdder();
  private final LongAdder fenced = new LongAdder();

  public RunCounters() {
    for (RunStatus s : RunStatus.values()) {
      transitions.put(s, new LongAdder());
    }
  }

  void transition(RunStatus to) {
    transitions.get(to).increment();
  }

  void ignored(String reason) {
    ignored.increment();
    if (reason.startsWith("fenced")) {
      fenced.increment();
    }
  }

  /** Runs that entered {@code status} since the engine started. */
  public long entered(RunStatus status) {
    return transitions.get(status).sum();
  }

  public long ignored() {
    return ignored.sum();
  }

  public long fenced() {
    return fenced.sum();
  }
}
