package dev.runlog.protocol.run;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Run ids derived from what started the run, so that the same trigger event delivered twice makes
 * the same run id (and so one run) for each job.
 */
public final class RunIds {
  private RunIds() {}

  /** The id of the run that event {@code eventId} starts for job {@code jobId}. */
  public static String of(String eventId, String jobId) {
    byte[] name = (eventId + '\u0000' + jobId).getBytes(StandardCharsets.UTF_8);
    return "run_" + UUID.nameUUIDFromBytes(name).toString().replace("-", "");
  }
}
