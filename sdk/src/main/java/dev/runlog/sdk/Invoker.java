package dev.runlog.sdk;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.schema.PayloadSchema;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Starts child runs for {@code io.invoke}: checks the job and the payload here, so that a mistake
 * fails the calling task with its reason, then sends a trigger that names the job and the parent.
 * The event id is derived from the parent run and the invoke key, so a trigger sent again (its
 * worker died before the invoke's task was recorded) makes the same child run, not a second one.
 */
final class Invoker {
  private final RunAppender appender;
  private final String triggers;
  private final JobCatalog jobs;

  Invoker(RunAppender appender, String triggers, JobCatalog jobs) {
    this.appender = appender;
    this.triggers = triggers;
    this.jobs = jobs;
  }

  /**
   * Sends the child's trigger and returns the child's run id once it is durable.
   *
   * @throws IllegalArgumentException when the job is not registered or the payload is off its
   *     schema
   */
  String invoke(String parentRunId, String key, String jobId, String payloadJson, Instant now) {
    JobDefinition job = checked(jobId, jobs.find(jobId), payloadJson);
    String eventId = eventId(parentRunId, key);
    TriggerEvent trigger =
        new TriggerEvent(
            eventId,
            job.eventName(),
            payloadJson,
            null,
            now,
            null,
            "invoke",
            jobId,
            parentRunId,
            key);
    appender.send(triggers, trigger); // durable (acks=all) before the invoke is recorded
    return RunIds.of(eventId, jobId);
  }

  /**
   * The job a child of {@code jobId} runs, {@code found} if there is one, once {@code payloadJson}
   * is checked against its schema.
   *
   * @throws IllegalArgumentException when the job is not registered or the payload is off its
   *     schema
   */
  static JobDefinition checked(String jobId, Optional<JobDefinition> found, String payloadJson) {
    JobDefinition job =
        found.orElseThrow(
            () -> new IllegalArgumentException("job '" + jobId + "' is not registered"));
    if (job.payloadSchema() != null) {
      List<String> errors = PayloadSchema.parse(job.payloadSchema()).validate(payloadJson);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(
            "payload does not match job '" + jobId + "''s schema: " + String.join("; ", errors));
      }
    }
    return job;
  }

  /** The id of the trigger event that invoke {@code key} of run {@code parentRunId} sends. */
  static String eventId(String parentRunId, String key) {
    return parentRunId + ":" + key;
  }

  /** The id of the child run that invoke {@code key} of {@code parentRunId} starts. */
  static String childRunId(String parentRunId, String key, String jobId) {
    return RunIds.of(eventId(parentRunId, key), jobId);
  }
}
