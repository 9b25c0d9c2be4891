package dev.runlog.protocol.run;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Run ids derived from what started the run, so that the same trigger event delivered twice makes
 * the same run id (and so one run) for each job.
 */
public final class RunIds {
  private static final String PREFIX = "run_";

  private RunIds() {}

  /** The id of the run that event {@code eventId} starts for job {@code jobId}. */
  public static String of(String eventId, String jobId) {
    byte[] name = (eventId + '\u0000' + jobId).getBytes(StandardCharsets.UTF_8);
    return PREFIX + UUID.nameUUIDFromBytes(name).toString().replace("-", "");
  }

  /** Whether {@code id} has the form {@link #of} gives every run id: "run_" and 32 hex digits. */
  public static boolean isRunId(String id) {
    if (id == null || id.length() != PREFIX.length() + 32 || !id.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
