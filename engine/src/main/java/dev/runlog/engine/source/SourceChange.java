package dev.runlog.engine.source;

import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import java.util.Optional;

/**
 * What a change of a source's definition means for its runtime on this instance, decided from what
 * runs now and what the catalog says now: the one table every kind of source can follow.
 */
public enum SourceChange {
  /** Nothing runs and nothing should, or what runs is what the definition says. */
  KEEP,
  /** Start a runtime for the definition. */
  START,
  /** Stop the runtime, and start one for the new definition once it has stopped. */
  RESTART,
  /** Stop the runtime: the source is paused. */
  PAUSE,
  /** Stop the runtime: the source is deleted, or is of another kind now. */
  STOP;

  /**
   * The change for a runtime of {@code kind}.
   *
   * @param running the definition the runtime runs, empty when none runs
   * @param now the catalog's definition, empty once deleted
   */
  public static SourceChange decide(
      SourceKind kind, Optional<SourceDefinition> running, Optional<SourceDefinition> now) {
    Optional<SourceDefinition> mine = now.filter(d -> d.kind() == kind);
    if (mine.isEmpty()) {
      return running.isPresent() ? STOP : KEEP;
    }
    if (mine.get().paused()) {
      return PAUSE; // also when nothing runs: the status says PAUSED
    }
    if (running.isEmpty()) {
      return START;
    }
    // a resume or a PUT of the same spec changes only updatedAt: the runtime goes on
    return running.get().spec().equals(mine.get().spec()) ? KEEP : RESTART;
  }
}
