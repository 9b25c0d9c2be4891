package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.run.ChildLink;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.WaitState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run as the API shows it: its header, input, result and tasks in call order; the run that
 * invoked it ({@code parentRunId}, {@code parentKey}) and the runs it invoked ({@code children}).
 *
 * @param continuations how many times it was continued after it ended
 * @param concurrencyKey its value of the job's per-key limit field, null without one
 * @param connections the managed connections it needs ({@code integration[/accountId]}); while it
 *     is WAITING_ON_CONNECTIONS, one of them at least is missing
 * @param deliverAt when a delayed run starts (its event's delivery time), null when it was not
 *     delayed
 */
public record RunView(
    String id,
    String jobId,
    String jobVersion,
    String status,
    String eventId,
    String eventName,
    JsonNode payload,
    JsonNode context,
    JsonNode output,
    Error error,
    long execution,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    String waitingOn,
    boolean cancelRequested,
    String replayOf,
    List<String> replays,
    List<TaskView> tasks,
    List<WaitView> waits,
    int continuations,
    String concurrencyKey,
    String parentRunId,
    String parentKey,
    List<ChildView> children,
    List<String> connections,
    Instant deliverAt) {

  /**
   * When the run last changed: its header is not rewritten when a task only moves its progress
   * (RunProgress), so a later task counts too.
   */
  private static Instant updatedAt(RunState run, List<TaskState> tasks) {
    Instant updated = run.updatedAt();
    for (TaskState t : tasks) {
      Instant at = t.finishedAt() != null ? t.finishedAt() : t.startedAt();
      if (at != null && (updated == null || at.isAfter(updated))) {
        updated = at;
      }
    }
    return updated;
  }

  /** The view of a run from its stores. */
  public static RunView of(
      RunState run, RunInput input, List<TaskState> tasks, List<WaitState> waits) {
    return of(run, input, tasks, waits, List.of());
  }

  /** The view of a run from its stores, with its children. */
  public static RunView of(
      RunState run,
      RunInput input,
      List<TaskState> tasks,
      List<WaitState> waits,
      List<ChildLink> children) {
    List<TaskView> taskViews =
        tasks.stream()
            .map(
                t ->
                    new TaskView(
                        t.key(),
                        t.status().name(),
                        t.attempts(),
                        json(t.output()),
                        Error.of(t.error()),
                        t.startedAt(),
                        t.finishedAt(),
                        t.startedAt() == null || t.finishedAt() == null
                            ? null
                            : Duration.between(t.startedAt(), t.finishedAt()).toMillis(),
                        t.integration()))
            .toList();
    return new RunView(
        run.runId(),
        run.jobId(),
        run.jobVersion(),
        run.status().name(),
        run.eventId(),
        run.eventName(),
        input == null ? null : json(input.payload()),
        input == null ? null : json(input.context()),
        json(run.output()),
        Error.of(run.error()),
        run.execution(),
        run.createdAt(),
        run.startedAt(),
        updatedAt(run, tasks),
        run.finishedAt(),
        // who dispatched the execution a worker has not taken is the engine's business
        run.awaitingWorker() ? RunState.WAITING_ON_WORKER : run.waitingOn(),
        run.cancelRequested(),
        run.replayOf(),
        run.replays(),
        taskViews,
        waits.stream()
            // a result kept for a wait run() never asked for (a child it did not wait on) is no
            // wait
            .filter(w -> w.requestedAt() != null)
            .map(
                w ->
                    new WaitView(
                        w.key(),
                        w.until(),
                        w.elapsed(),
                        w.requestedAt(),
                        w.elapsedAt(),
                        w.eventName(),
                        json(w.filter()),
                        json(w.result())))
            .toList(),
        run.continuations(),
        run.concurrencyKey(),
        run.parent() == null ? null : run.parent().runId(),
        run.parent() == null ? null : run.parent().key(),
        children.stream()
            .map(c -> new ChildView(c.runId(), c.jobId(), c.key(), c.createdAt()))
            .toList(),
        run.connections(),
        run.deliverAt());
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JsonSerde.MAPPER.readTree(text);
    } catch (IOException e) {
      return JsonSerde.MAPPER.getNodeFactory().textNode(text);
    }
  }

  /** An error without its stack trace, which stays in the log. */
  public record Error(String type, String message) {
    static Error of(ErrorInfo e) {
      return e == null ? null : new Error(e.type(), e.message());
    }
  }

  /** A run this run started with {@code io.invoke}; its status is on its own page. */
  public record ChildView(String runId, String jobId, String key, Instant createdAt) {}

  /**
   * One durable wait.
   *
   * @param until when it ends (a sleep) or times out; null: never
   * @param event the event's name, for a wait for an event; null otherwise
   * @param filter the fields that event must have (path to value), for a wait for an event
   * @param result what the wait got (the event); null while waiting, for a sleep, or a time-out
   */
  public record WaitView(
      String key,
      Instant until,
      boolean elapsed,
      Instant requestedAt,
      Instant elapsedAt,
      String event,
      JsonNode filter,
      JsonNode result) {}

  /**
   * One task.
   *
   * @param integration the integration call it is ({@code kind}, {@code name}, {@code operation}),
   *     null for a plain task
   */
  public record TaskView(
      String key,
      String status,
      int attempts,
      JsonNode output,
      Error error,
      Instant startedAt,
      Instant finishedAt,
      Long durationMs,
      TaskIntegration integration) {}
}
