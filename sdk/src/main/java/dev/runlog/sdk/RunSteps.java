package dev.runlog.sdk;

import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Instant;
import java.util.List;

/** The execution behind an {@link Io}: where steps are appended and where it may have to stop. */
interface RunSteps {
  /** Appends {@code TaskCompleted} and returns once it is durable (acks=all). */
  void taskCompleted(String key, String outputJson, Instant startedAt, int attempt);

  void taskFailed(String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt);

  /** {@code TaskCompleted} of a task that called {@code integration} (null: none). */
  default void taskCompleted(
      String key, String outputJson, Instant startedAt, int attempt, TaskIntegration integration) {
    taskCompleted(key, outputJson, startedAt, attempt);
  }

  /** {@code TaskFailed} of a task that called {@code integration} (null: none). */
  default void taskFailed(
      String key,
      ErrorInfo error,
      int attempt,
      Instant startedAt,
      Instant retryAt,
      TaskIntegration integration) {
    taskFailed(key, error, attempt, startedAt, retryAt);
  }

  /**
   * Writes {@code records} to {@code topic} and the task's {@code TaskCompleted} (labelled {@link
   * TaskIntegration#KAFKA_SEND}) in one Kafka transaction, or finds that an execution of the run
   * already committed them and records that completion; returns the output's JSON (a list of {@link
   * RecordWritten}) once it is durable.
   */
  default String sendInTransaction(
      String key, String topic, List<KafkaRecord> records, Instant startedAt, int attempt)
      throws Exception {
    throw new UnsupportedOperationException("io.kafka() needs a worker");
  }

  void waitRequested(String key, Instant until);

  /** Appends {@code EventWaitRequested}; {@code until} null: no time-out. */
  default void eventWaitRequested(String key, String name, String filterJson, Instant until) {
    throw new UnsupportedOperationException("this execution cannot wait for events");
  }

  /**
   * Sends the trigger of a child run of {@code jobId} (its event id derived from this run and
   * {@code key}) once it is durable; returns the child's run id.
   *
   * @throws IllegalArgumentException when the job is not registered or the payload does not match
   *     its schema
   */
  default String invoke(String key, String jobId, String payloadJson) {
    throw new UnsupportedOperationException("io.invoke needs a worker");
  }

  /** Appends {@code ChildWaitRequested}; {@code until} null: no timeout. */
  default void childWaitRequested(String key, String childRunId, Instant until) {
    throw new UnsupportedOperationException("io.invokeAndWait needs a worker");
  }

  /** Before a new task or wait: throws a {@link Suspension} when the execution must stop here. */
  void boundary();

  /** After a task threw: throws a {@link Suspension} when that was the run being canceled. */
  void checkCanceled();

  void taskStarting(String key);

  void taskEnded();

  void log(String level, String message, String fieldsJson, String key);

  /** Sends a trigger event and returns once it is durable (acks=all). */
  void sendEvent(TriggerEvent event);

  /**
   * The code asked for step {@code key} of {@code kind} ("task", "sleep", "event", "invoke" for the
   * start of a child run, "child" for the wait on its end), replayed or new: what a replay check
   * compares with a run's history. Only a check listens.
   */
  default void asked(String kind, String key) {}

  /**
   * Task {@code key} gave {@code output} to the code, fresh or replayed: a test harness checks that
   * a replay gives the same type as the first execution did. Only a harness listens.
   */
  default void returned(String key, Object output) {}
}
