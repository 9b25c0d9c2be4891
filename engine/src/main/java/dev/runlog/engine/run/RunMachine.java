package dev.runlog.engine.run;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import dev.runlog.protocol.run.RunEventBody.RunFailed;
import dev.runlog.protocol.run.RunEventBody.RunStarted;
import dev.runlog.protocol.run.RunEventBody.RunSucceeded;
import dev.runlog.protocol.run.RunEventBody.TaskCompleted;
import dev.runlog.protocol.run.RunEventBody.TaskFailed;
import dev.runlog.protocol.run.RunEventBody.TaskStarted;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The run state machine: pure functions, no Kafka, no clock, no I/O. The run processor loads the
 * {@link Touched} state, asks {@link #decide}, folds with {@link #evolve} and writes what was decided.
 */
public final class RunMachine {
  static final String REASON_CREATED = "created";

  private RunMachine() {}

  /**
   * What to do with {@code event}, read from the log, given the state it touches.
   *
   * @param job the job's current definition, null if it is not (or no longer) registered
   * @param now the processing time
   */
  public static Decision decide(Touched state, RunEvent event, JobDefinition job, Instant now) {
    RunState run = state.run();
    RunEventBody body = event.body();
    if (body instanceof RunCreated) {
      return run == null ? new Decision.Accept(List.of(new RunStarted(1, REASON_CREATED, null)), true)
          : new Decision.Ignore("duplicate RunCreated: the run exists");
    }
    if (run == null) {
      return new Decision.Ignore("unknown run");
    }
    if (run.status().isFinal()) {
      return new Decision.Ignore("run is already " + run.status());
    }
    if (event.origin() == Origin.WORKER && (event.execution() == null || event.execution() != run.execution())) {
      return new Decision.Ignore("fenced: event of execution " + event.execution() + ", current is " + run.execution());
    }
    if (Transitions.next(run.status(), body.getClass()).isEmpty()) {
      return new Decision.Ignore("no transition from " + run.status() + " on " + event.type());
    }
    if (body instanceof TaskCompleted && state.task() != null && state.task().status() == TaskStatus.COMPLETED) {
      return new Decision.Ignore("task '" + state.task().key() + "' already completed: the first completion wins");
    }
    return Decision.Accept.FOLD;
  }

  /** Folds one accepted event into the state it touches. */
  public static Touched evolve(Touched state, RunEvent event) {
    RunEventBody body = event.body();
    Instant at = event.timestamp();
    if (body instanceof RunCreated c) {
      return new Touched(new RunState(event.runId(), c.jobId(), c.jobVersion(), c.eventId(), c.eventName(), RunStatus.PENDING, 0, 0,
          at, null, at, null, null, null), null);
    }
    RunState run = state.run();
    RunStatus next = Transitions.next(run.status(), body.getClass())
        .orElseThrow(() -> new IllegalStateException("no transition from " + run.status() + " on " + event.type()));
    RunState moved = run.withStatus(next, at);
    TaskState task = state.task();
    if (body instanceof RunStarted s) {
      moved = moved.withExecution(s.execution(), at);
    } else if (body instanceof RunSucceeded s) {
      moved = moved.withResult(s.output(), null);
    } else if (body instanceof RunFailed f) {
      moved = moved.withResult(null, f.error());
    } else if (body instanceof TaskStarted s) {
      if (task == null) {
        moved = moved.withTaskCount(run.taskCount() + 1);
      }
      task = new TaskState(s.key(), indexOf(task, run), TaskStatus.RUNNING, null, null, s.attempt(), at, null);
    } else if (body instanceof TaskCompleted c) {
      if (task == null) {
        moved = moved.withTaskCount(run.taskCount() + 1);
      }
      Instant startedAt = Optional.ofNullable(c.startedAt()).orElse(task == null ? at : task.startedAt());
      task = new TaskState(c.key(), indexOf(task, run), TaskStatus.COMPLETED, c.output(), null, c.attempt(), startedAt, at);
    } else if (body instanceof TaskFailed f) {
      if (task == null) {
        moved = moved.withTaskCount(run.taskCount() + 1);
      }
      TaskStatus status = f.retryAt() == null ? TaskStatus.FAILED : TaskStatus.RETRYING;
      Instant startedAt = Optional.ofNullable(f.startedAt()).orElse(task == null ? at : task.startedAt());
      task = new TaskState(f.key(), indexOf(task, run), status, null, f.error(), f.attempt(), startedAt, at);
    }
    return new Touched(moved, task);
  }

  /** The task key an event is about, or null when it is about the whole run. */
  public static String taskKey(RunEventBody body) {
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

  private static int indexOf(TaskState task, RunState run) {
    return task == null ? run.taskCount() : task.index();
  }
}
