package dev.runlog.protocol.run;

import java.time.Instant;
import java.util.List;

/**
 * What happened to a run: one case for each event type of the run-event log.
 *
 * <p>The union is the same as the Avro {@code RunEvent.body} union in {@code
 * protocol/src/main/avro}; only {@code RunEventCodec} maps between the two. User data (payloads,
 * outputs) is JSON text.
 */
public sealed interface RunEventBody {

  /** A trigger event matched a job: the run exists, PENDING. */
  record RunCreated(
      String jobId,
      String jobVersion,
      String eventId,
      String eventName,
      Instant eventTimestamp,
      String payload,
      String context,
      String replayOf,
      Instant deliverAt,
      String parentRunId,
      String parentKey)
      implements RunEventBody {
    /** A run started by an event, not by another run. */
    public RunCreated(
        String jobId,
        String jobVersion,
        String eventId,
        String eventName,
        Instant eventTimestamp,
        String payload,
        String context,
        String replayOf,
        Instant deliverAt) {
      this(
          jobId,
          jobVersion,
          eventId,
          eventName,
          eventTimestamp,
          payload,
          context,
          replayOf,
          deliverAt,
          null,
          null);
    }
  }

  /** The payload does not match the job's schema: the run ends INVALID_PAYLOAD. */
  record RunInvalidPayload(List<String> errors) implements RunEventBody {}

  /** A concurrency limit is full: the run waits its turn, QUEUED. */
  record RunQueued(String limit) implements RunEventBody {}

  /** An execution is dispatched to a worker: EXECUTING. */
  record RunStarted(long execution, String reason, Instant leaseUntil) implements RunEventBody {}

  /** A task's function began (written only where it pays: long tasks, live views). */
  record TaskStarted(String key, int attempt) implements RunEventBody {}

  /** A task's output, stored once: the first completion of a key wins. */
  record TaskCompleted(
      String key, String output, Instant startedAt, int attempt, TaskIntegration integration)
      implements RunEventBody {
    public TaskCompleted(String key, String output, Instant startedAt, int attempt) {
      this(key, output, startedAt, attempt, null);
    }
  }

  /** One attempt of a task failed; retryAt says when the next is due, none when exhausted. */
  record TaskFailed(
      String key,
      ErrorInfo error,
      int attempt,
      Instant startedAt,
      Instant retryAt,
      TaskIntegration integration)
      implements RunEventBody {
    public TaskFailed(
        String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt) {
      this(key, error, attempt, startedAt, retryAt, null);
    }
  }

  /** A durable wait: WAITING until the instant. */
  record WaitRequested(String key, Instant until) implements RunEventBody {}

  /** A wait's timer fired: a sleep is over, an event or child wait timed out. */
  record WaitElapsed(String key) implements RunEventBody {}

  /**
   * WAITING until a trigger event named {@code eventName} whose payload/context matches {@code
   * filter} arrives, or until {@code until} (null: never).
   *
   * @param filter JSON object: each path ({@code payload.orderId}, {@code context.accountId}) to
   *     the scalar it must equal; {@code {}} matches every event of the name
   */
  record EventWaitRequested(String key, String eventName, String filter, Instant until)
      implements RunEventBody {}

  /** WAITING until child run {@code childRunId} ends, or until {@code until} (null: never). */
  record ChildWaitRequested(String key, String childRunId, Instant until) implements RunEventBody {}

  /**
   * What wait {@code key} waited for came (the matching event, the child's end), as JSON given to
   * run(). It may come before the wait is requested; the request then returns at once.
   */
  record WaitResolved(String key, String result) implements RunEventBody {}

  /** A run this run started with {@code io.invoke} exists. */
  record ChildRunCreated(String key, String childRunId, String jobId) implements RunEventBody {}

  /**
   * A FAILURE, TIMED_OUT or CANCELED run resumes as the same run: completed tasks keep their
   * outputs, a failed task runs again with its attempts counted anew.
   */
  record RunContinued(String requestedBy, String reason) implements RunEventBody {}

  /** The worker stopped at a task boundary after its slice. */
  record ExecutionYielded(String reason) implements RunEventBody {}

  /** A worker is alive in a long task: extends the lease. */
  record ExecutionHeartbeat(String taskKey) implements RunEventBody {}

  /** Nothing came from an execution within its lease. */
  record ExecutionLeaseExpired(long execution) implements RunEventBody {}

  /** Someone asked to cancel the run. */
  record CancelRequested(String reason, String requestedBy) implements RunEventBody {}

  /** run() returned: SUCCESS. */
  record RunSucceeded(String output) implements RunEventBody {}

  /** run() threw, or the engine failed the run: FAILURE. */
  record RunFailed(ErrorInfo error) implements RunEventBody {}

  /** CANCELED. */
  record RunCanceled(String reason) implements RunEventBody {}

  /** TIMED_OUT: past the job's maximum duration, or dispatched again and again without progress. */
  record RunTimedOut(String reason) implements RunEventBody {}

  /** WAITING_ON_CONNECTIONS until the named integrations are ready. */
  record RunWaitingOnConnections(List<String> connections) implements RunEventBody {}

  /** The integrations a run waited on are ready. */
  record ConnectionsResolved(List<String> connections) implements RunEventBody {}

  /** UNRESOLVED_AUTH: an auth resolver could not provide credentials. */
  record RunAuthUnresolved(String connection, String error) implements RunEventBody {}

  /** A log line written by run() through io.logger. */
  record LogWritten(String level, String message, String fields, String key)
      implements RunEventBody {}

  /** A new run was started with this run's payload. */
  record RunReplayed(String newRunId) implements RunEventBody {}
}
