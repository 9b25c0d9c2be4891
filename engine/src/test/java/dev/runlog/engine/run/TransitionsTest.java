package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.api;
import static dev.runlog.engine.run.RunEvents.completed;
import static dev.runlog.engine.run.RunEvents.created;
import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TransitionsTest {
  private static final RunPolicy LIMITED =
      new RunPolicy("job", Duration.ofSeconds(30), 10, null, "job:job", 1, null);
  private static final RunPolicy TIMED =
      new RunPolicy("job", Duration.ofSeconds(30), 10, Duration.ofSeconds(5), null, 0, null);

  /**
   * Drives scenarios through decide + evolve; a row of the table no scenario reaches fails the
   * test.
   */
  @Test
  void everyRowIsExercised() {
    Set<Transitions.Row> visited = new HashSet<>();

    RunHarness happy = run(RunHarness.plain(), visited);
    happy.feed(worker(1, new RunEventBody.TaskStarted("a", 1)));
    happy.feed(completed(1, "a", "1"));
    happy.feed(worker(1, new RunEventBody.TaskFailed("b", ErrorInfo.of("E", "m"), 1, null, null)));
    happy.feed(worker(1, new RunEventBody.ExecutionHeartbeat("c")));
    happy.feed(worker(1, new RunEventBody.LogWritten("INFO", "hello", null, "0:0")));
    happy.feed(worker(1, new RunEventBody.ExecutionYielded("slice")));
    happy.feed(api(new RunEventBody.CancelRequested(null, "api")));
    happy.feed(worker(2, new RunEventBody.RunSucceeded(null)));
    assertEquals(RunStatus.SUCCESS, happy.status());

    run(RunHarness.plain(), visited).feed(RunEvents.failed(1, "boom"));
    run(RunHarness.plain(), visited).feed(worker(1, new RunEventBody.RunCanceled("canceled")));

    RunHarness durable = run(TIMED, visited);
    durable.feed(
        worker(
            1,
            new RunEventBody.TaskFailed(
                "t", ErrorInfo.of("E", "m"), 1, null, RunEvents.T0.plusSeconds(1))));
    durable.fireLast(Timer.Kind.RETRY);
    durable.feed(worker(2, new RunEventBody.WaitRequested("w", RunEvents.T0.plusSeconds(2))));
    durable.fireLast(Timer.Kind.WAIT);
    durable.feed(worker(3, new RunEventBody.EventWaitRequested("e", "order.paid", "{}", null)));
    durable.feed(engine(new RunEventBody.WaitResolved("e", "{}")));
    durable.feed(worker(4, new RunEventBody.ChildWaitRequested("c", "child", null)));
    durable.feed(engine(new RunEventBody.WaitResolved("c", "{}")));
    durable.feed(worker(5, new RunEventBody.ExecutionHeartbeat(null))); // taken, then silent
    durable.now = durable.now.plusSeconds(60);
    durable.fire(durable.lastTimer(Timer.Kind.LEASE));
    durable.fireLast(Timer.Kind.RUN_TIMEOUT);
    assertEquals(RunStatus.TIMED_OUT, durable.status());

    RunHarness queued = run(LIMITED, visited);
    queued.feed(engine(new RunEventBody.RunQueued("job:job")));
    queued.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    queued.feed(worker(1, new RunEventBody.WaitRequested("w", RunEvents.T0.plusSeconds(2))));
    queued.fireLast(Timer.Kind.WAIT);
    queued.feed(engine(new RunEventBody.RunQueued("job:job")));
    assertEquals(RunStatus.QUEUED, queued.status());

    run(RunHarness.plain(), visited, false)
        .feed(engine(new RunEventBody.RunInvalidPayload(List.of("$.a: is required"))));
    run(RunHarness.plain(), visited, false)
        .feed(engine(new RunEventBody.RunAuthUnresolved("slack", "no token")));
    RunHarness connecting = run(RunHarness.plain(), visited, false);
    connecting.feed(engine(new RunEventBody.RunWaitingOnConnections(List.of("slack"))));
    connecting.feed(engine(new RunEventBody.ConnectionsResolved(List.of("slack"))));
    assertEquals(RunStatus.EXECUTING, connecting.status());
    RunHarness unresolved = run(RunHarness.plain(), visited, false);
    unresolved.feed(engine(new RunEventBody.RunWaitingOnConnections(List.of("slack"))));
    unresolved.feed(engine(new RunEventBody.RunAuthUnresolved("slack", "no token")));
    RunHarness resolver = run(RunHarness.plain(), visited);
    resolver.feed(worker(1, new RunEventBody.RunAuthUnresolved("github", "resolver threw")));
    assertEquals(RunStatus.UNRESOLVED_AUTH, resolver.status());

    // cancel and time-out from every status that is not final
    for (RunStatus status :
        List.of(
            RunStatus.PENDING,
            RunStatus.QUEUED,
            RunStatus.WAITING_ON_CONNECTIONS,
            RunStatus.EXECUTING,
            RunStatus.WAITING)) {
      reach(status, visited).feed(api(new RunEventBody.CancelRequested(null, "api")));
      reach(status, visited).feed(engine(new RunEventBody.WaitResolved("early", "{}")));
      reach(status, visited).feed(engine(new RunEventBody.RunTimedOut("test")));
    }
    reach(RunStatus.EXECUTING, visited).feed(worker(1, new RunEventBody.RunCanceled("canceled")));

    // continue: to PENDING, or back into the wait it ended in; a result kept meanwhile
    RunHarness failed = run(RunHarness.plain(), visited);
    failed.feed(RunEvents.failed(1, "boom"));
    failed.feed(engine(new RunEventBody.WaitResolved("early", "{}")));
    failed.feed(api(new RunEventBody.RunContinued("api", null)));
    RunHarness timedOut = reach(RunStatus.WAITING, visited);
    timedOut.feed(engine(new RunEventBody.RunTimedOut("test")));
    timedOut.feed(engine(new RunEventBody.WaitResolved("early", "{}")));
    timedOut.feed(api(new RunEventBody.RunContinued("api", null)));
    RunHarness canceled = reach(RunStatus.EXECUTING, visited);
    canceled.feed(worker(1, new RunEventBody.RunCanceled("canceled")));
    canceled.feed(engine(new RunEventBody.WaitResolved("early", "{}")));
    canceled.feed(api(new RunEventBody.RunContinued("api", null)));
    RunHarness canceledWaiting = reach(RunStatus.WAITING, visited);
    canceledWaiting.feed(api(new RunEventBody.CancelRequested(null, "api")));
    canceledWaiting.feed(api(new RunEventBody.RunContinued("api", null)));
    RunHarness failedThenTimedOut = reach(RunStatus.WAITING, visited);
    failedThenTimedOut.feed(engine(new RunEventBody.RunTimedOut("test")));
    failedThenTimedOut.feed(api(new RunEventBody.RunContinued("api", null)));

    // a fenced execution's Kafka send is kept, whatever the run is doing now
    for (RunStatus status : List.of(RunStatus.PENDING, RunStatus.QUEUED, RunStatus.WAITING)) {
      reach(status, visited).feed(RunEvents.sent(99, "send"));
    }
    RunHarness sentAfterFailure = run(RunHarness.plain(), visited);
    sentAfterFailure.feed(RunEvents.failed(1, "boom"));
    sentAfterFailure.feed(RunEvents.sent(99, "send"));
    RunHarness sentAfterTimeOut = reach(RunStatus.WAITING, visited);
    sentAfterTimeOut.feed(engine(new RunEventBody.RunTimedOut("test")));
    sentAfterTimeOut.feed(RunEvents.sent(99, "send"));
    RunHarness sentAfterCancel = reach(RunStatus.EXECUTING, visited);
    sentAfterCancel.feed(worker(1, new RunEventBody.RunCanceled("canceled")));
    sentAfterCancel.feed(RunEvents.sent(99, "send"));
    assertEquals(RunStatus.WAITING, failedThenTimedOut.status());
    RunHarness failedToPending = run(RunHarness.plain(), visited);
    failedToPending.feed(RunEvents.failed(1, "boom"));
    RunHarness limited = run(LIMITED, visited);
    limited.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    limited.feed(RunEvents.failed(1, "boom"));
    limited.feed(api(new RunEventBody.RunContinued("api", null)));
    assertEquals(RunStatus.PENDING, limited.status());
    RunHarness timedOutPending = run(LIMITED, visited);
    timedOutPending.feed(engine(new RunEventBody.RunTimedOut("test")));
    timedOutPending.feed(api(new RunEventBody.RunContinued("api", null)));
    RunHarness canceledPending = run(LIMITED, visited);
    canceledPending.feed(api(new RunEventBody.CancelRequested(null, "api")));
    canceledPending.feed(api(new RunEventBody.RunContinued("api", null)));

    Set<String> missing = new TreeSet<>();
    for (Transitions.Row row : Transitions.ROWS) {
      if (!visited.contains(row)) {
        missing.add(row.from() + " --" + row.on().getSimpleName() + "--> " + row.to());
      }
    }
    assertTrue(missing.isEmpty(), "rows never exercised: " + missing);
  }

  /** The README's state diagram shows exactly the rows of the table that change the status. */
  @Test
  void theReadmeDiagramMatchesTheTable() throws Exception {
    String text = Files.readString(Path.of("..", "README.md"));
    for (Transitions.Row row : Transitions.ROWS) {
      if (row.from() == row.to()) {
        continue;
      }
      String line = row.from() + " --> " + row.to() + ": " + row.on().getSimpleName();
      assertTrue(text.contains(line), "README.md's state diagram lacks: " + line);
    }
  }

  private static RunHarness run(RunPolicy policy, Set<Transitions.Row> visited) {
    return run(policy, visited, true);
  }

  private static RunHarness run(RunPolicy policy, Set<Transitions.Row> visited, boolean start) {
    RunHarness run = new RunHarness(policy, visited);
    if (start) {
      run.feed(created());
    } else {
      run.fold(created());
    }
    return run;
  }

  private static RunHarness reach(RunStatus status, Set<Transitions.Row> visited) {
    return switch (status) {
      case PENDING -> run(LIMITED, visited);
      case QUEUED -> {
        RunHarness r = run(LIMITED, visited);
        r.feed(engine(new RunEventBody.RunQueued("job:job")));
        yield r;
      }
      case WAITING_ON_CONNECTIONS -> {
        RunHarness r = run(RunHarness.plain(), visited, false);
        r.feed(engine(new RunEventBody.RunWaitingOnConnections(List.of("slack"))));
        yield r;
      }
      case EXECUTING -> run(RunHarness.plain(), visited);
      case WAITING -> {
        RunHarness r = run(RunHarness.plain(), visited);
        r.feed(worker(1, new RunEventBody.WaitRequested("w", RunEvents.T0.plusSeconds(9))));
        yield r;
      }
      default -> throw new IllegalArgumentException(status.name());
    };
  }
}
