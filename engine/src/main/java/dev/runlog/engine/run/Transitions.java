package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunStatus.CANCELED;
import static dev.runlog.engine.run.RunStatus.EXECUTING;
import static dev.runlog.engine.run.RunStatus.FAILURE;
import static dev.runlog.engine.run.RunStatus.INVALID_PAYLOAD;
import static dev.runlog.engine.run.RunStatus.PENDING;
import static dev.runlog.engine.run.RunStatus.QUEUED;
import static dev.runlog.engine.run.RunStatus.SUCCESS;
import static dev.runlog.engine.run.RunStatus.TIMED_OUT;
import static dev.runlog.engine.run.RunStatus.UNRESOLVED_AUTH;
import static dev.runlog.engine.run.RunStatus.WAITING;
import static dev.runlog.engine.run.RunStatus.WAITING_ON_CONNECTIONS;

import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.CancelRequested;
import dev.runlog.protocol.run.RunEventBody.ChildWaitRequested;
import dev.runlog.protocol.run.RunEventBody.ConnectionsResolved;
import dev.runlog.protocol.run.RunEventBody.EventWaitRequested;
import dev.runlog.protocol.run.RunEventBody.ExecutionHeartbeat;
import dev.runlog.protocol.run.RunEventBody.ExecutionLeaseExpired;
import dev.runlog.protocol.run.RunEventBody.ExecutionYielded;
import dev.runlog.protocol.run.RunEventBody.LogWritten;
import dev.runlog.protocol.run.RunEventBody.RunAuthUnresolved;
import dev.runlog.protocol.run.RunEventBody.RunCanceled;
import dev.runlog.protocol.run.RunEventBody.RunContinued;
import dev.runlog.protocol.run.RunEventBody.RunFailed;
import dev.runlog.protocol.run.RunEventBody.RunInvalidPayload;
import dev.runlog.protocol.run.RunEventBody.RunQueued;
import dev.runlog.protocol.run.RunEventBody.RunStarted;
import dev.runlog.protocol.run.RunEventBody.RunSucceeded;
import dev.runlog.protocol.run.RunEventBody.RunTimedOut;
import dev.runlog.protocol.run.RunEventBody.RunWaitingOnConnections;
import dev.runlog.protocol.run.RunEventBody.TaskCompleted;
import dev.runlog.protocol.run.RunEventBody.TaskFailed;
import dev.runlog.protocol.run.RunEventBody.TaskStarted;
import dev.runlog.protocol.run.RunEventBody.WaitElapsed;
import dev.runlog.protocol.run.RunEventBody.WaitRequested;
import dev.runlog.protocol.run.RunEventBody.WaitResolved;
import java.util.ArrayList;
import java.util.List;

/**
 * The run lifecycle as a table: from a status, which event types are allowed and the statuses they
 * may lead to (an event with two rows, such as TaskFailed, goes where its content says). {@link
 * RunMachine} moves runs only along these rows; {@code TransitionsTest} proves that every row is
 * exercised, and that the README's state diagram shows them all.
 */
public final class Transitions {

  /** One allowed move. */
  public record Row(RunStatus from, Class<? extends RunEventBody> on, RunStatus to) {}

  public static final List<Row> ROWS = rows();

  private Transitions() {}

  /** True when some row leaves {@code from} on {@code on}. */
  public static boolean allows(RunStatus from, Class<? extends RunEventBody> on) {
    return ROWS.stream().anyMatch(r -> r.from() == from && r.on() == on);
  }

  /** True when the table has the row. */
  public static boolean has(RunStatus from, Class<? extends RunEventBody> on, RunStatus to) {
    return ROWS.contains(new Row(from, on, to));
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // not started yet
    add(rows, PENDING, RunStarted.class, EXECUTING);
    add(rows, PENDING, RunQueued.class, QUEUED);
    add(rows, PENDING, RunInvalidPayload.class, INVALID_PAYLOAD);
    add(rows, PENDING, RunWaitingOnConnections.class, WAITING_ON_CONNECTIONS);
    add(rows, PENDING, RunAuthUnresolved.class, UNRESOLVED_AUTH);
    add(rows, QUEUED, RunStarted.class, EXECUTING);
    add(rows, WAITING_ON_CONNECTIONS, ConnectionsResolved.class, PENDING);
    add(rows, WAITING_ON_CONNECTIONS, RunAuthUnresolved.class, UNRESOLVED_AUTH);
    // executing
    for (Class<? extends RunEventBody> same :
        List.of(
            TaskStarted.class,
            TaskCompleted.class,
            TaskFailed.class,
            ExecutionYielded.class,
            ExecutionHeartbeat.class,
            ExecutionLeaseExpired.class,
            RunStarted.class,
            CancelRequested.class,
            LogWritten.class)) {
      add(rows, EXECUTING, same, EXECUTING);
    }
    add(rows, EXECUTING, TaskFailed.class, WAITING);
    add(rows, EXECUTING, WaitRequested.class, WAITING);
    add(rows, EXECUTING, EventWaitRequested.class, WAITING);
    add(rows, EXECUTING, ChildWaitRequested.class, WAITING);
    add(rows, EXECUTING, RunSucceeded.class, SUCCESS);
    add(rows, EXECUTING, RunFailed.class, FAILURE);
    // the worker's auth resolver failed before run() was played
    add(rows, EXECUTING, RunAuthUnresolved.class, UNRESOLVED_AUTH);
    // waiting: a wait or a retry's back-off; holds no concurrency slot
    add(rows, WAITING, WaitElapsed.class, WAITING);
    add(rows, WAITING, RunStarted.class, EXECUTING);
    add(rows, WAITING, RunQueued.class, QUEUED);
    // cancel and time-outs, from every status that is not final; a wait's result comes whenever
    for (RunStatus from : List.of(PENDING, QUEUED, WAITING_ON_CONNECTIONS, EXECUTING, WAITING)) {
      add(rows, from, WaitResolved.class, from);
      if (from != EXECUTING) {
        add(rows, from, CancelRequested.class, from);
      }
      add(rows, from, RunCanceled.class, CANCELED);
      add(rows, from, RunTimedOut.class, TIMED_OUT);
    }
    // continue: a run that failed, timed out or was canceled resumes, back in the wait it ended in
    // (a run fails only while it executes)
    for (RunStatus from : List.of(FAILURE, TIMED_OUT, CANCELED)) {
      add(rows, from, RunContinued.class, PENDING);
      if (from != FAILURE) {
        add(rows, from, RunContinued.class, WAITING);
      }
      add(rows, from, WaitResolved.class, from); // kept for a continue
    }
    // a Kafka send of a fenced execution: its records are committed with its TaskCompleted, so the
    // task is done whatever the run is doing now, and a later execution must find it done
    for (RunStatus from : List.of(PENDING, QUEUED, WAITING, FAILURE, TIMED_OUT, CANCELED)) {
      add(rows, from, TaskCompleted.class, from);
    }
    return List.copyOf(rows);
  }

  private static void add(
      List<Row> rows, RunStatus from, Class<? extends RunEventBody> on, RunStatus to) {
    rows.add(new Row(from, on, to));
  }
}
