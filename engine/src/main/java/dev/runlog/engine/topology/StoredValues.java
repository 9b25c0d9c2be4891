package dev.runlog.engine.topology;

import dev.runlog.engine.run.ParentLink;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.TaskStatus;
import dev.runlog.engine.store.CompactReader;
import dev.runlog.engine.store.CompactSerde;
import dev.runlog.engine.store.CompactWriter;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;

/**
 * The compact forms of the two store values written on every task, the run header and the task.
 * Fields are only ever added at the end (an older value reads them as their defaults).
 */
public final class StoredValues {
  private static final byte RUN_FORMAT = 1;
  private static final byte TASK_FORMAT = 2;

  private StoredValues() {}

  public static CompactSerde<RunState> runs() {
    return new CompactSerde<>(StoredValues::write, StoredValues::readRun, RunState.class);
  }

  public static CompactSerde<TaskState> tasks() {
    return new CompactSerde<>(StoredValues::write, StoredValues::readTask, TaskState.class);
  }

  static byte[] write(RunState r) {
    CompactWriter out =
        new CompactWriter(RUN_FORMAT)
            .string(r.runId())
            .string(r.jobId())
            .string(r.jobVersion())
            .string(r.eventId())
            .string(r.eventName())
            .string(r.status() == null ? null : r.status().name())
            .number(r.execution())
            .number(r.taskCount())
            .instant(r.createdAt())
            .instant(r.startedAt())
            .instant(r.updatedAt())
            .instant(r.finishedAt())
            .string(r.output());
    error(out, r.error())
        .instant(r.lastActivityAt())
        .number(r.dispatchesWithoutProgress())
        .bool(r.cancelRequested())
        .string(r.slot())
        .instant(r.deliverAt())
        .string(r.waitingOn())
        .number(r.logOffset())
        .number(r.eventCount())
        .string(r.replayOf())
        .strings(r.replays())
        .number(r.continuations())
        .instant(r.continuedAt())
        .string(r.concurrencyKey())
        .bool(r.parent() != null)
        .string(r.parent() == null ? null : r.parent().runId())
        .string(r.parent() == null ? null : r.parent().key())
        .string(r.awaitedChild())
        .strings(r.connections());
    return out.toBytes();
  }

  static RunState readRun(byte[] bytes) {
    CompactReader in = new CompactReader(bytes, RUN_FORMAT);
    String runId = in.string();
    String jobId = in.string();
    String jobVersion = in.string();
    String eventId = in.string();
    String eventName = in.string();
    String status = in.string();
    long execution = in.number();
    int taskCount = in.integer();
    var createdAt = in.instant();
    var startedAt = in.instant();
    var updatedAt = in.instant();
    var finishedAt = in.instant();
    String output = in.string();
    ErrorInfo error = error(in);
    var lastActivityAt = in.instant();
    int dispatchesWithoutProgress = in.integer();
    boolean cancelRequested = in.bool();
    String slot = in.string();
    var deliverAt = in.instant();
    String waitingOn = in.string();
    long logOffset = in.number();
    long eventCount = in.number();
    String replayOf = in.string();
    var replays = in.strings();
    int continuations = in.integer();
    var continuedAt = in.instant();
    String concurrencyKey = in.string();
    boolean hasParent = in.bool();
    String parentRunId = in.string();
    String parentKey = in.string();
    return new RunState(
        runId,
        jobId,
        jobVersion,
        eventId,
        eventName,
        status == null ? null : RunStatus.valueOf(status),
        execution,
        taskCount,
        createdAt,
        startedAt,
        updatedAt,
        finishedAt,
        output,
        error,
        lastActivityAt,
        dispatchesWithoutProgress,
        cancelRequested,
        slot,
        deliverAt,
        waitingOn,
        logOffset,
        eventCount,
        replayOf,
        replays,
        continuations,
        continuedAt,
        concurrencyKey,
        hasParent ? new ParentLink(parentRunId, parentKey) : null,
        in.string(),
        in.strings());
  }

  static byte[] write(TaskState t) {
    TaskIntegration i = t.integration();
    TaskState.Completion c = t.completion();
    CompactWriter out =
        new CompactWriter(TASK_FORMAT)
            .string(t.key())
            .number(t.index())
            .string(t.status() == null ? null : t.status().name())
            .string(t.output());
    return error(out, t.error())
        .number(t.attempts())
        .instant(t.startedAt())
        .instant(t.finishedAt())
        .number(t.continuation())
        .bool(i != null)
        .string(i == null ? null : i.kind())
        .string(i == null ? null : i.name())
        .string(i == null ? null : i.operation())
        .bool(c != null)
        .number(c == null ? 0 : c.seq())
        .bool(c != null && c.execution() != null)
        .number(c == null || c.execution() == null ? 0 : c.execution())
        .string(c == null ? null : c.origin())
        .toBytes();
  }

  static TaskState readTask(byte[] bytes) {
    CompactReader in = new CompactReader(bytes, TASK_FORMAT);
    String key = in.string();
    int index = in.integer();
    String status = in.string();
    String output = in.string();
    ErrorInfo error = error(in);
    int attempts = in.integer();
    var startedAt = in.instant();
    var finishedAt = in.instant();
    int continuation = in.integer();
    boolean integration = in.bool();
    String kind = in.string();
    String name = in.string();
    String operation = in.string();
    boolean completed = in.bool();
    long seq = in.number();
    boolean byExecution = in.bool();
    long execution = in.number();
    String origin = in.string();
    return new TaskState(
        key,
        index,
        status == null ? null : TaskStatus.valueOf(status),
        output,
        error,
        attempts,
        startedAt,
        finishedAt,
        continuation,
        integration ? new TaskIntegration(kind, name, operation) : null,
        completed ? new TaskState.Completion(seq, byExecution ? execution : null, origin) : null);
  }

  private static CompactWriter error(CompactWriter out, ErrorInfo e) {
    return out.bool(e != null)
        .string(e == null ? null : e.type())
        .string(e == null ? null : e.message())
        .string(e == null ? null : e.stackTrace());
  }

  private static ErrorInfo error(CompactReader in) {
    boolean present = in.bool();
    String type = in.string();
    String message = in.string();
    String stackTrace = in.string();
    return present ? new ErrorInfo(type, message, stackTrace) : null;
  }
}
