package dev.runlog.sdk;

import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.ErrorInfo;

/**
 * The limit on a task's or a run's output: one run event records it, and the engine copies it into
 * the dispatches of later executions. An output over it is a failure that says so, recorded once,
 * rather than an append that fails at every attempt while the task's code runs again.
 */
final class OutputLimit {
  /**
   * The type of the error that records an output over the limit. It is recorded with no retry to
   * come, so a replay raises it again without running the task (its code would return as much).
   */
  static final String TOO_LARGE = "OutputTooLarge";

  private OutputLimit() {}

  /** Null when {@code json}, the output of {@code what}, fits; else the error that records it. */
  static ErrorInfo check(String what, String json) {
    if (json.length() <= RecordLimits.USER_VALUE_BYTES / 6) {
      return null; // fits even if every character took six bytes
    }
    int bytes = RecordLimits.jsonTextBytes(json);
    if (bytes <= RecordLimits.USER_VALUE_BYTES) {
      return null;
    }
    return ErrorInfo.of(
        TOO_LARGE,
        what
            + " returned "
            + bytes
            + " bytes of JSON text, more than the "
            + RecordLimits.USER_VALUE_BYTES
            + " bytes an output may have");
  }
}
