package dev.runlog.protocol.execution;

import dev.runlog.protocol.run.ErrorInfo;

/**
 * A task as the engine knows it at dispatch: a completed one replays its output, one that failed
 * for good raises its error again.
 *
 * @param failed its last attempt failed with no retry to come (its policy was spent, or the error
 *     was one that no retry mends): a replay must not run it again, even when the job caught the
 *     error and went on
 */
public record TaskSnapshot(
    String key,
    boolean completed,
    String output,
    int attempts,
    ErrorInfo lastError,
    boolean failed) {
  public static TaskSnapshot completed(String key, String output, int attempts) {
    return new TaskSnapshot(key, true, output, attempts, null, false);
  }

  /** A task whose attempt {@code attempts} failed with {@code error}; {@code failed}: for good. */
  public static TaskSnapshot failed(String key, int attempts, ErrorInfo error, boolean failed) {
    return new TaskSnapshot(key, false, null, attempts, error, failed);
  }
}
