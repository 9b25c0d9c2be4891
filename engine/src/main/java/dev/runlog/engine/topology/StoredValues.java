package dev.runlog.engine.topology;

import dev.runlog.engine.run.ParentLink;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.TaskStatus;
import dev.runlog.engine.store.AvroStoreSerde;
import dev.runlog.protocol.avro.StoredError;
import dev.runlog.protocol.avro.StoredRun;
import dev.runlog.protocol.avro.StoredTask;
import dev.runlog.protocol.codec.AvroBinary;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;

/** The serdes of the two store values written on every task: the run header and the task. */
public final class StoredValues {
  private StoredValues() {}

  public static AvroStoreSerde<RunState, StoredRun> runs() {
    return new AvroStoreSerde<>(
        new AvroBinary<>(StoredRun.getEncoder(), StoredRun.getClassSchema()),
        StoredValues::toAvro,
        StoredValues::fromAvro,
        RunState.class);
  }

  public static AvroStoreSerde<TaskState, StoredTask> tasks() {
    return new AvroStoreSerde<>(
        new AvroBinary<>(StoredTask.getEncoder(), StoredTask.getClassSchema()),
        StoredValues::toAvro,
        StoredValues::fromAvro,
        TaskState.class);
  }

  static StoredRun toAvro(RunState r) {
    return new StoredRun(
        r.runId(),
        r.jobId(),
        r.jobVersion(),
        r.eventId(),
        r.eventName(),
        r.status() == null ? null : r.status().name(),
        r.execution(),
        r.taskCount(),
        r.createdAt(),
        r.startedAt(),
        r.updatedAt(),
        r.finishedAt(),
        r.output(),
        toAvro(r.error()),
        r.lastActivityAt(),
        r.dispatchesWithoutProgress(),
        r.cancelRequested(),
        r.slot(),
        r.deliverAt(),
        r.waitingOn(),
        r.logOffset(),
        r.eventCount(),
        r.replayOf(),
        r.replays(),
        r.continuations(),
        r.continuedAt(),
        r.concurrencyKey(),
        r.parent() == null ? null : r.parent().runId(),
        r.parent() == null ? null : r.parent().key(),
        r.awaitedChild(),
        r.connections());
  }

  static RunState fromAvro(StoredRun a) {
    return new RunState(
        a.getRunId(),
        a.getJobId(),
        a.getJobVersion(),
        a.getEventId(),
        a.getEventName(),
        a.getStatus() == null ? null : RunStatus.valueOf(a.getStatus()),
        a.getExecution(),
        a.getTaskCount(),
        a.getCreatedAt(),
        a.getStartedAt(),
        a.getUpdatedAt(),
        a.getFinishedAt(),
        a.getOutput(),
        fromAvro(a.getError()),
        a.getLastActivityAt(),
        a.getDispatchesWithoutProgress(),
        a.getCancelRequested(),
        a.getSlot(),
        a.getDeliverAt(),
        a.getWaitingOn(),
        a.getLogOffset(),
        a.getEventCount(),
        a.getReplayOf(),
        a.getReplays(),
        a.getContinuations(),
        a.getContinuedAt(),
        a.getConcurrencyKey(),
        a.getParentRunId() == null ? null : new ParentLink(a.getParentRunId(), a.getParentKey()),
        a.getAwaitedChild(),
        a.getConnections());
  }

  static StoredTask toAvro(TaskState t) {
    TaskIntegration i = t.integration();
    return new StoredTask(
        t.key(),
        t.index(),
        t.status() == null ? null : t.status().name(),
        t.output(),
        toAvro(t.error()),
        t.attempts(),
        t.startedAt(),
        t.finishedAt(),
        t.continuation(),
        i == null ? null : i.kind(),
        i == null ? null : i.name(),
        i == null ? null : i.operation());
  }

  static TaskState fromAvro(StoredTask a) {
    return new TaskState(
        a.getKey(),
        a.getIndex(),
        a.getStatus() == null ? null : TaskStatus.valueOf(a.getStatus()),
        a.getOutput(),
        fromAvro(a.getError()),
        a.getAttempts(),
        a.getStartedAt(),
        a.getFinishedAt(),
        a.getContinuation(),
        a.getIntegrationKind() == null
            ? null
            : new TaskIntegration(
                a.getIntegrationKind(), a.getIntegrationName(), a.getIntegrationOperation()));
  }

  private static StoredError toAvro(ErrorInfo e) {
    return e == null ? null : new StoredError(e.type(), e.message(), e.stackTrace());
  }

  private static ErrorInfo fromAvro(StoredError e) {
    return e == null ? null : new ErrorInfo(e.getType(), e.getMessage(), e.getStackTrace());
  }
}
