package dev.runlog.engine.topology;

import dev.runlog.engine.run.RunState;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Keeps the run header from being rewritten on every task, and from being read from its store on
 * every event. Most events of an executing run (a task's completion, a heartbeat, a log line) move
 * only its progress: the count of its events and tasks, the offset of its latest event, when it was
 * last heard from. The run processor keeps each live run's header here, in memory, with that
 * progress, and writes the header only when something else changes (a status, an execution, a
 * wait), with the progress of that moment. A task then costs one write, to its task (which also
 * stands in for its history entry), not a second to the header, and no read of the header.
 *
 * <p>What is in memory only is rebuilt from the stores when it is missing (after a restart, a
 * rebalance, or when a run was dropped to bound the memory; a finished run's is not kept): the
 * latest entry of the history, or of a completed task standing in for one, gives the event count
 * and when the run was last heard from, the task store the task count. The log offset stays the
 * header's: a worker catching up from there reads a few more of its own tasks' events, never a
 * status change, since each status change writes the header. Every write of the header goes through
 * {@link #moved}, and its one delete (the run's expiry) through {@link #forget}, so what is kept is
 * the stored header with the progress since.
 */
final class RunProgress {
  /**
   * The runs kept per partition; beyond it the least recently used is rebuilt when next read. Each
   * costs its header (a few hundred bytes) and up to {@link TaskKeys#MAX} hashes: a few MiB per
   * partition at most.
   */
  static final int DEFAULT_RUNS = 10_000;

  private final Map<String, Live> live;
  private final Set<String> touched = new HashSet<>();

  RunProgress(int runs) {
    this.live =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Live> eldest) {
            return size() > runs;
          }
        };
  }

  /**
   * The run's header as the processor must see it: the one kept here, or {@code stored}'s with the
   * progress {@code rebuild} finds in the stores. Null when the run is not stored (never created,
   * or expired).
   */
  RunState header(
      String runId, Function<String, RunState> stored, UnaryOperator<RunState> rebuild) {
    Live kept = live.get(runId);
    if (kept != null) {
      return kept.header();
    }
    RunState run = stored.apply(runId);
    if (run == null) {
      return null;
    }
    RunState rebuilt = rebuild.apply(run);
    live.put(runId, new Live(rebuilt, null)); // its tasks were written before: not known here
    touched.add(runId);
    return rebuilt;
  }

  /**
   * Records the run's new header; true when it must also be written, because more than its progress
   * changed since {@code before} (null for a new run).
   */
  boolean moved(RunState before, RunState after) {
    boolean write = before == null || !withoutProgress(before).equals(withoutProgress(after));
    if (write && after.status() != null && after.status().isFinal()) {
      live.remove(after.runId()); // written with all of its progress, and done: nothing to keep
    } else {
      Live kept = live.get(after.runId());
      TaskKeys keys = before == null ? new TaskKeys() : kept == null ? null : kept.taskKeys();
      live.put(after.runId(), new Live(after, keys));
      touched.add(after.runId());
    }
    return write;
  }

  /** The run's task {@code key} was written (after {@link #moved}, in the same record). */
  void taskWritten(String runId, String key) {
    Live kept = live.get(runId);
    if (kept != null && kept.taskKeys() != null && !kept.taskKeys().add(key)) {
      live.put(runId, new Live(kept.header(), null)); // too many to keep: read them from now on
    }
  }

  /** True when the run surely has no task {@code key}: its completion needs no read. */
  boolean hasNoTask(String runId, String key) {
    Live kept = live.get(runId);
    return kept != null && kept.taskKeys() != null && !kept.taskKeys().mayHave(key);
  }

  /** The run's header was deleted (it expired). */
  void forget(String runId) {
    live.remove(runId);
  }

  /** What this record (or timer) moved was written out: keep it. */
  void kept() {
    touched.clear();
  }

  /**
   * What this record moved was dropped with its writes: forget it, to be rebuilt from the stores.
   */
  void dropped() {
    touched.forEach(live::remove);
    touched.clear();
  }

  void clear() {
    live.clear();
    touched.clear();
  }

  /**
   * A header that was never heard from has none yet: its first activity is a change of its own,
   * written (a rebuild could not tell it from the history).
   */
  private static RunState withoutProgress(RunState run) {
    return run.toBuilder()
        .eventCount(0)
        .taskCount(0)
        .logOffset(0)
        .lastActivityAt(run.lastActivityAt() == null ? null : Instant.EPOCH)
        .updatedAt(run.updatedAt() == null ? null : Instant.EPOCH)
        .build();
  }

  /**
   * A live run: its header with its progress, and the keys of its tasks when every one was written
   * since the run was created here (null: not known, read the task store).
   */
  private record Live(RunState header, TaskKeys taskKeys) {}
}
