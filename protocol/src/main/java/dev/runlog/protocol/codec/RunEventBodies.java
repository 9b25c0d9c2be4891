package dev.runlog.protocol.codec;

import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.TaskIntegration;
import java.util.List;

/** Maps each case of {@link RunEventBody} to its generated Avro record and back. */
final class RunEventBodies {
  private RunEventBodies() {}

  static Object toAvro(RunEventBody body) {
    if (body instanceof RunEventBody.RunCreated b) {
      return new dev.runlog.protocol.avro.RunCreated(
          b.jobId(),
          b.jobVersion(),
          b.eventId(),
          b.eventName(),
          b.eventTimestamp(),
          b.payload(),
          b.context(),
          b.replayOf(),
          b.deliverAt(),
          b.parentRunId(),
          b.parentKey());
    }
    if (body instanceof RunEventBody.RunInvalidPayload b) {
      return new dev.runlog.protocol.avro.RunInvalidPayload(b.errors());
    }
    if (body instanceof RunEventBody.RunQueued b) {
      return new dev.runlog.protocol.avro.RunQueued(b.limit());
    }
    if (body instanceof RunEventBody.RunStarted b) {
      return new dev.runlog.protocol.avro.RunStarted(b.execution(), b.reason(), b.leaseUntil());
    }
    if (body instanceof RunEventBody.TaskStarted b) {
      return new dev.runlog.protocol.avro.TaskStarted(b.key(), b.attempt());
    }
    if (body instanceof RunEventBody.TaskCompleted b) {
      return new dev.runlog.protocol.avro.TaskCompleted(
          b.key(), b.output(), b.startedAt(), b.attempt(), integrationToAvro(b.integration()));
    }
    if (body instanceof RunEventBody.TaskFailed b) {
      return new dev.runlog.protocol.avro.TaskFailed(
          b.key(),
          ErrorInfoCodec.toAvro(b.error()),
          b.attempt(),
          b.startedAt(),
          b.retryAt(),
          integrationToAvro(b.integration()));
    }
    if (body instanceof RunEventBody.WaitRequested b) {
      return new dev.runlog.protocol.avro.WaitRequested(b.key(), b.until());
    }
    if (body instanceof RunEventBody.WaitElapsed b) {
      return new dev.runlog.protocol.avro.WaitElapsed(b.key());
    }
    if (body instanceof RunEventBody.ExecutionYielded b) {
      return new dev.runlog.protocol.avro.ExecutionYielded(b.reason());
    }
    if (body instanceof RunEventBody.ExecutionHeartbeat b) {
      return new dev.runlog.protocol.avro.ExecutionHeartbeat(b.taskKey());
    }
    if (body instanceof RunEventBody.ExecutionLeaseExpired b) {
      return new dev.runlog.protocol.avro.ExecutionLeaseExpired(b.execution());
    }
    if (body instanceof RunEventBody.CancelRequested b) {
      return new dev.runlog.protocol.avro.CancelRequested(b.reason(), b.requestedBy());
    }
    if (body instanceof RunEventBody.RunSucceeded b) {
      return new dev.runlog.protocol.avro.RunSucceeded(b.output());
    }
    if (body instanceof RunEventBody.RunFailed b) {
      return new dev.runlog.protocol.avro.RunFailed(ErrorInfoCodec.toAvro(b.error()));
    }
    if (body instanceof RunEventBody.RunCanceled b) {
      return new dev.runlog.protocol.avro.RunCanceled(b.reason());
    }
    if (body instanceof RunEventBody.RunTimedOut b) {
      return new dev.runlog.protocol.avro.RunTimedOut(b.reason());
    }
    if (body instanceof RunEventBody.RunWaitingOnConnections b) {
      return new dev.runlog.protocol.avro.RunWaitingOnConnections(b.connections());
    }
    if (body instanceof RunEventBody.ConnectionsResolved b) {
      return new dev.runlog.protocol.avro.ConnectionsResolved(b.connections());
    }
    if (body instanceof RunEventBody.RunAuthUnresolved b) {
      return new dev.runlog.protocol.avro.RunAuthUnresolved(b.connection(), b.error());
    }
    if (body instanceof RunEventBody.LogWritten b) {
      return new dev.runlog.protocol.avro.LogWritten(b.level(), b.message(), b.fields(), b.key());
    }
    if (body instanceof RunEventBody.RunReplayed b) {
      return new dev.runlog.protocol.avro.RunReplayed(b.newRunId());
    }
    if (body instanceof RunEventBody.EventWaitRequested b) {
      return new dev.runlog.protocol.avro.EventWaitRequested(
          b.key(), b.eventName(), b.filter(), b.until());
    }
    if (body instanceof RunEventBody.ChildWaitRequested b) {
      return new dev.runlog.protocol.avro.ChildWaitRequested(b.key(), b.childRunId(), b.until());
    }
    if (body instanceof RunEventBody.WaitResolved b) {
      return new dev.runlog.protocol.avro.WaitResolved(b.key(), b.result());
    }
    if (body instanceof RunEventBody.ChildRunCreated b) {
      return new dev.runlog.protocol.avro.ChildRunCreated(b.key(), b.childRunId(), b.jobId());
    }
    if (body instanceof RunEventBody.RunContinued b) {
      return new dev.runlog.protocol.avro.RunContinued(b.requestedBy(), b.reason());
    }
    throw new IllegalArgumentException("unmapped run event body " + body.getClass().getName());
  }

  static RunEventBody fromAvro(Object body) {
    if (body instanceof dev.runlog.protocol.avro.RunCreated a) {
      return new RunEventBody.RunCreated(
          a.getJobId(),
          a.getJobVersion(),
          a.getEventId(),
          a.getEventName(),
          a.getEventTimestamp(),
          a.getPayload(),
          a.getContext(),
          a.getReplayOf(),
          a.getDeliverAt(),
          a.getParentRunId(),
          a.getParentKey());
    }
    if (body instanceof dev.runlog.protocol.avro.RunInvalidPayload a) {
      return new RunEventBody.RunInvalidPayload(List.copyOf(a.getErrors()));
    }
    if (body instanceof dev.runlog.protocol.avro.RunQueued a) {
      return new RunEventBody.RunQueued(a.getLimit());
    }
    if (body instanceof dev.runlog.protocol.avro.RunStarted a) {
      return new RunEventBody.RunStarted(a.getExecution(), a.getReason(), a.getLeaseUntil());
    }
    if (body instanceof dev.runlog.protocol.avro.TaskStarted a) {
      return new RunEventBody.TaskStarted(a.getKey(), a.getAttempt());
    }
    if (body instanceof dev.runlog.protocol.avro.TaskCompleted a) {
      return new RunEventBody.TaskCompleted(
          a.getKey(),
          a.getOutput(),
          a.getStartedAt(),
          a.getAttempt(),
          integrationFromAvro(a.getIntegration()));
    }
    if (body instanceof dev.runlog.protocol.avro.TaskFailed a) {
      return new RunEventBody.TaskFailed(
          a.getKey(),
          ErrorInfoCodec.fromAvro(a.getError()),
          a.getAttempt(),
          a.getStartedAt(),
          a.getRetryAt(),
          integrationFromAvro(a.getIntegration()));
    }
    if (body instanceof dev.runlog.protocol.avro.WaitRequested a) {
      return new RunEventBody.WaitRequested(a.getKey(), a.getUntil());
    }
    if (body instanceof dev.runlog.protocol.avro.WaitElapsed a) {
      return new RunEventBody.WaitElapsed(a.getKey());
    }
    if (body instanceof dev.runlog.protocol.avro.ExecutionYielded a) {
      return new RunEventBody.ExecutionYielded(a.getReason());
    }
    if (body instanceof dev.runlog.protocol.avro.ExecutionHeartbeat a) {
      return new RunEventBody.ExecutionHeartbeat(a.getTaskKey());
    }
    if (body instanceof dev.runlog.protocol.avro.ExecutionLeaseExpired a) {
      return new RunEventBody.ExecutionLeaseExpired(a.getExecution());
    }
    if (body instanceof dev.runlog.protocol.avro.CancelRequested a) {
      return new RunEventBody.CancelRequested(a.getReason(), a.getRequestedBy());
    }
    if (body instanceof dev.runlog.protocol.avro.RunSucceeded a) {
      return new RunEventBody.RunSucceeded(a.getOutput());
    }
    if (body instanceof dev.runlog.protocol.avro.RunFailed a) {
      return new RunEventBody.RunFailed(ErrorInfoCodec.fromAvro(a.getError()));
    }
    if (body instanceof dev.runlog.protocol.avro.RunCanceled a) {
      return new RunEventBody.RunCanceled(a.getReason());
    }
    if (body instanceof dev.runlog.protocol.avro.RunTimedOut a) {
      return new RunEventBody.RunTimedOut(a.getReason());
    }
    if (body instanceof dev.runlog.protocol.avro.RunWaitingOnConnections a) {
      return new RunEventBody.RunWaitingOnConnections(List.copyOf(a.getConnections()));
    }
    if (body instanceof dev.runlog.protocol.avro.ConnectionsResolved a) {
      return new RunEventBody.ConnectionsResolved(List.copyOf(a.getConnections()));
    }
    if (body instanceof dev.runlog.protocol.avro.RunAuthUnresolved a) {
      return new RunEventBody.RunAuthUnresolved(a.getConnection(), a.getError());
    }
    if (body instanceof dev.runlog.protocol.avro.LogWritten a) {
      return new RunEventBody.LogWritten(a.getLevel(), a.getMessage(), a.getFields(), a.getKey());
    }
    if (body instanceof dev.runlog.protocol.avro.RunReplayed a) {
      return new RunEventBody.RunReplayed(a.getNewRunId());
    }
    if (body instanceof dev.runlog.protocol.avro.EventWaitRequested a) {
      return new RunEventBody.EventWaitRequested(
          a.getKey(), a.getEventName(), a.getFilter(), a.getUntil());
    }
    if (body instanceof dev.runlog.protocol.avro.ChildWaitRequested a) {
      return new RunEventBody.ChildWaitRequested(a.getKey(), a.getChildRunId(), a.getUntil());
    }
    if (body instanceof dev.runlog.protocol.avro.WaitResolved a) {
      return new RunEventBody.WaitResolved(a.getKey(), a.getResult());
    }
    if (body instanceof dev.runlog.protocol.avro.ChildRunCreated a) {
      return new RunEventBody.ChildRunCreated(a.getKey(), a.getChildRunId(), a.getJobId());
    }
    if (body instanceof dev.runlog.protocol.avro.RunContinued a) {
      return new RunEventBody.RunContinued(a.getRequestedBy(), a.getReason());
    }
    throw new IllegalArgumentException(
        "unknown run event body " + (body == null ? "null" : body.getClass().getName()));
  }

  private static dev.runlog.protocol.avro.TaskIntegration integrationToAvro(TaskIntegration i) {
    return i == null
        ? null
        : new dev.runlog.protocol.avro.TaskIntegration(i.kind(), i.name(), i.operation());
  }

  private static TaskIntegration integrationFromAvro(dev.runlog.protocol.avro.TaskIntegration a) {
    return a == null ? null : new TaskIntegration(a.getKind(), a.getName(), a.getOperation());
  }
}
