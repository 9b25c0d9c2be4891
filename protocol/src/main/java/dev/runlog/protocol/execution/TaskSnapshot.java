package dev.runlog.protocol.execution;

import dev.runlog.protocol.run.ErrorInfo;

/** A task as the engine knows it at dispatch: a completed one replays its output. */
public record TaskSnapshot(
    String key, boolean completed, String output, int attempts, ErrorInfo lastError) {
  public static TaskSnapshot completed(String key, String output, int attempts) {
    return new TaskSnapshot(key, true, output, attempts, null);
  }
}
