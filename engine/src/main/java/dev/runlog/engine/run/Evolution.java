package dev.runlog.engine.run;

import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.CancelRequested;
import dev.runlog.protocol.run.RunEventBody.ChildRunCreated;
import dev.runlog.protocol.run.RunEventBody.ChildWaitRequested;
import dev.runlog.protocol.run.RunEventBody.ConnectionsResolved;
import dev.runlog.protocol.run.RunEventBody.RunAuthUnresolved;
import dev.runlog.protocol.run.RunEventBody.RunCanceled;
import dev.runlog.protocol.run.RunEventBody.RunContinued;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import dev.runlog.protocol.run.RunEventBody.RunFailed;
import dev.runlog.protocol.run.RunEventBody.RunInvalidPayload;
import dev.runlog.protocol.run.RunEventBody.RunQueued;
import dev.runlog.protocol.run.RunEventBody.RunReplayed;
import dev.runlog.protocol.run.RunEventBody.RunStarted;
import dev.runlog.protocol.run.RunEventBody.RunSucceeded;
import dev.runlog.protocol.run.RunEventBody.RunTimedOut;
import dev.runlog.protocol.run.RunEventBody.RunWaitingOnConnections;
import dev.runlog.protocol.run.RunEventBody.TaskCompleted;
import dev.runlog.protocol.run.RunEventBody.TaskFailed;
import dev.runlog.protocol.run.RunEventBody.TaskStarted;
import dev.runlog.protocol.run.RunEventBody.WaitElapsed;
import dev.runlog.protocol.run.RunEventBody.WaitResolved;
import dev.runlog.protocol.run.TaskIntegration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RunMachine#evolve}: how each accepted event changes the header and the task or wait it
 * touches.
 */
final class Evolution {
  private Evolution() {}

  static Touched evolve(Touched state, RunEvent event, RunPolicy policy) {
    RunEventBody body = event.body();
    Instant at = event.timestamp();
    if (body instanceof RunCreated c) {
      return Touched.of(
          new RunState(
              event.runId(),
              c.jobId(),
              c.jobVersion(),
              c.eventId(),
              c.eventName(),
              RunStatus.PENDING,
              0,
              0,
              at,
              null,
              at,
              null,
              null,
              null,
              null,
              0,
              false,
              null,
              c.deliverAt(),
              null,
              0,
              0,
              c.replayOf(),
              List.of(),
              0,
              null,
              policy == null ? null : policy.concurrencyKeyOf(c.payload()),
              c.parentRunId() == null ? null : new ParentLink(c.parentRunId(), c.parentKey()),
              null,
              policy == null ? List.of() : policy.connectionsFor(c.context())));
    }
    RunState run = state.run();
    if (body
        instanceof RunReplayed r) { // an annotation, not a move: a finished run may be replayed
      List<String> replays = new ArrayList<>(run.replays());
      replays.add(r.newRunId());
      return Touched.of(run.toBuilder().replays(replays).build());
    }
    if (body instanceof ChildRunCreated) { // kept in the children store: the header stays small
      return Touched.of(run);
    }
    RunState.Builder next = run.toBuilder().updatedAt(at);
    RunStatus to = run.status();
    TaskState task = state.task();
    WaitState wait = state.waitState();
    if (event.origin() == Origin.WORKER && run.awaitingWorker()) {
      next.waitingOn(null).lastActivityAt(at); // taken: the lease counts from here
    }
    if (body instanceof RunStarted s) {
      to = RunStatus.EXECUTING;
      boolean noProgress =
          RunMachine.YIELDED.equals(s.reason()) || RunMachine.LEASE_EXPIRED.equals(s.reason());
      next.execution(s.execution())
          .startedAt(run.startedAt() == null ? at : run.startedAt())
          .lastActivityAt(at)
          .waitingOn(
              event.origin() == Origin.API
                  ? RunState.WAITING_ON_API_DISPATCH
                  : RunState.WAITING_ON_WORKER)
          .slot(null)
          .awaitedChild(null)
          .dispatchesWithoutProgress(noProgress ? run.dispatchesWithoutProgress() + 1 : 0);
    } else if (body instanceof TaskStarted s) {
      task =
          newTask(
              task,
              run,
              next,
              s.key(),
              TaskStatus.RUNNING,
              null,
              null,
              s.attempt(),
              at,
              null,
              null);
      next.lastActivityAt(at);
    } else if (body instanceof TaskCompleted c) {
      Instant startedAt =
          c.startedAt() != null ? c.startedAt() : task == null ? at : task.startedAt();
      task =
          newTask(
              task,
              run,
              next,
              c.key(),
              TaskStatus.COMPLETED,
              c.output(),
              null,
              c.attempt(),
              startedAt,
              at,
              c.integration());
      next.lastActivityAt(at).dispatchesWithoutProgress(0);
    } else if (body instanceof TaskFailed f) {
      Instant startedAt =
          f.startedAt() != null ? f.startedAt() : task == null ? at : task.startedAt();
      boolean retry = f.retryAt() != null;
      task =
          newTask(
              task,
              run,
              next,
              f.key(),
              retry ? TaskStatus.RETRYING : TaskStatus.FAILED,
              null,
              f.error(),
              f.attempt(),
              startedAt,
              at,
              f.integration());
      next.lastActivityAt(at).dispatchesWithoutProgress(0);
      if (retry) {
        to = RunStatus.WAITING;
        next.waitingOn("retry:" + f.key());
      }
    } else if (RunMachine.isWaitRequest(body)) {
      String key = RunMachine.waitKey(body);
      Instant until = RunMachine.waitUntil(body);
      to = RunStatus.WAITING;
      wait =
          wait != null // resolved before it was asked for: over already
              ? new WaitState(key, until, true, at, wait.elapsedAt(), wait.result())
              : new WaitState(key, until, false, at, null, null);
      if (body instanceof RunEventBody.EventWaitRequested e) {
        wait = wait.forEvent(e.eventName(), e.filter());
      }
      next.waitingOn("wait:" + key).dispatchesWithoutProgress(0);
      if (body instanceof ChildWaitRequested c) {
        next.awaitedChild(c.childRunId()); // canceled with this run
      }
    } else if (body instanceof WaitElapsed) {
      wait = wait.over(at, null);
    } else if (body instanceof RunContinued) {
      boolean waiting = wait != null && !wait.elapsed();
      to = waiting ? RunStatus.WAITING : RunStatus.PENDING;
      next.finishedAt(null)
          .output(null)
          .error(null)
          .cancelRequested(false)
          .dispatchesWithoutProgress(0)
          .slot(null)
          .waitingOn(waiting ? run.waitingOn() : null)
          .continuations(run.continuations() + 1)
          .continuedAt(at);
    } else if (body instanceof WaitResolved r) {
      wait =
          wait == null
              ? new WaitState(r.key(), null, true, null, at, r.result())
              : wait.over(at, r.result());
    } else if (body instanceof RunEventBody.ExecutionYielded
        || body instanceof RunEventBody.ExecutionHeartbeat) {
      next.lastActivityAt(at);
    } else if (body instanceof CancelRequested) {
      next.cancelRequested(true);
    } else if (body instanceof RunQueued q) {
      to = RunStatus.QUEUED;
      next.slot(q.limit());
    } else if (body instanceof RunWaitingOnConnections) {
      to = RunStatus.WAITING_ON_CONNECTIONS;
    } else if (body instanceof ConnectionsResolved) {
      to = RunStatus.PENDING;
    } else if (body instanceof RunSucceeded s) {
      to = RunStatus.SUCCESS;
      next.output(s.output());
    } else if (body instanceof RunFailed f) {
      to = RunStatus.FAILURE;
      next.error(f.error());
    } else if (body instanceof RunCanceled c) {
      to = RunStatus.CANCELED;
      next.error(ErrorInfo.of("Canceled", c.reason() == null ? "canceled" : c.reason()));
    } else if (body instanceof RunTimedOut t) {
      to = RunStatus.TIMED_OUT;
      next.error(ErrorInfo.of("TimedOut", t.reason()));
    } else if (body instanceof RunInvalidPayload p) {
      to = RunStatus.INVALID_PAYLOAD;
      next.error(ErrorInfo.of("InvalidPayload", String.join("; ", p.errors())));
    } else if (body instanceof RunAuthUnresolved a) {
      to = RunStatus.UNRESOLVED_AUTH;
      next.error(ErrorInfo.of("UnresolvedAuth", a.connection() + ": " + a.error()));
    }
    if (!Transitions.has(run.status(), body.getClass(), to)) {
      throw new IllegalStateException(
          "no transition " + run.status() + " --" + event.type() + "--> " + to);
    }
    next.status(to);
    if (to.isFinal()) {
      next.finishedAt(at);
    }
    return new Touched(next.build(), task, wait);
  }

  static String taskKey(RunEventBody body) {
    if (body instanceof TaskStarted s) {
      return s.key();
    }
    if (body instanceof TaskCompleted c) {
      return c.key();
    }
    if (body instanceof TaskFailed f) {
      return f.key();
    }
    return null;
  }

  /** The task after an event about it; a task seen for the first time gets the next index. */
  private static TaskState newTask(
      TaskState before,
      RunState run,
      RunState.Builder next,
      String key,
      TaskStatus status,
      String output,
      ErrorInfo error,
      int attempts,
      Instant startedAt,
      Instant finishedAt,
      TaskIntegration integration) {
    int index = before == null ? run.taskCount() : before.index();
    if (before == null) {
      next.taskCount(run.taskCount() + 1);
    }
    return new TaskState(
        key,
        index,
        status,
        output,
        error,
        attempts,
        startedAt,
        finishedAt,
        run.continuations(),
        // a label once known stays: a task's start does not carry it
        integration != null ? integration : before == null ? null : before.integration());
  }
}
