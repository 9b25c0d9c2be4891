package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.completed;
import static dev.runlog.engine.run.RunEvents.created;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Waits, retries, slices, leases, time-outs and delayed starts: the timer-driven rules of {@link
 * RunMachine}.
 */
class DurableRunTest {
  private static final Instant T0 = RunEvents.T0;

  private static RunPolicy policy(Duration lease, int maxDispatches, Duration maxDuration) {
    return new RunPolicy("job", lease, maxDispatches, maxDuration, null, 0, null);
  }

  private static RunHarness started(RunPolicy policy) {
    RunHarness run = new RunHarness(policy);
    run.feed(created());
    return run;
  }

  @Test
  void aWaitMakesTheRunWaitingUntilItsTimerFires() {
    RunHarness run = started(RunHarness.plain());
    Instant until = T0.plusSeconds(30);
    run.feed(worker(1, new RunEventBody.WaitRequested("pause", until)));
    assertEquals(RunStatus.WAITING, run.status());
    assertEquals("wait:pause", run.header.waitingOn());
    assertEquals(Timer.wait(RunEvents.RUN, "pause", until), run.lastTimer(Timer.Kind.WAIT));

    run.fireLast(Timer.Kind.WAIT);
    assertTrue(run.waits.get("pause").elapsed());
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(2, run.header.execution());
    assertEquals(
        2,
        run.dispatches,
        "resumed: dispatched again, and the replay returns from the elapsed wait");
    RunEventBody.RunStarted resumed =
        (RunEventBody.RunStarted) run.appended.get(run.appended.size() - 1);
    assertEquals("resumed", resumed.reason());
  }

  @Test
  void aWaitTimerFiresOnce() {
    RunHarness run = started(RunHarness.plain());
    run.feed(worker(1, new RunEventBody.WaitRequested("pause", T0.plusSeconds(1))));
    run.fireLast(Timer.Kind.WAIT);
    assertInstanceOf(
        Decision.Ignore.class, run.fire(Timer.wait(RunEvents.RUN, "pause", T0.plusSeconds(1))));
    assertEquals(2, run.dispatches);
  }

  @Test
  void aFailedAttemptWithARetryDueWaitsForIt() {
    RunHarness run = started(RunHarness.plain());
    Instant retryAt = T0.plusSeconds(4);
    run.feed(
        worker(1, new RunEventBody.TaskFailed("fetch", ErrorInfo.of("E", "503"), 1, T0, retryAt)));
    assertEquals(RunStatus.WAITING, run.status());
    assertEquals(TaskStatus.RETRYING, run.tasks.get("fetch").status());
    assertEquals(Timer.retry(RunEvents.RUN, "fetch", retryAt), run.lastTimer(Timer.Kind.RETRY));

    run.fireLast(Timer.Kind.RETRY);
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(2, run.header.execution());
    run.feed(
        worker(
            2,
            new RunEventBody.TaskFailed(
                "fetch", ErrorInfo.of("E", "503"), 2, T0, T0.plusSeconds(8))));
    run.fireLast(Timer.Kind.RETRY);
    run.feed(worker(3, new RunEventBody.TaskCompleted("fetch", "\"ok\"", T0, 3)));
    assertEquals(3, run.tasks.get("fetch").attempts());
    assertEquals(TaskStatus.COMPLETED, run.tasks.get("fetch").status());
  }

  @Test
  void aYieldDispatchesANewExecutionAtOnce() {
    RunHarness run = started(RunHarness.plain());
    run.feed(completed(1, "a", "1"));
    Decision.Accept accept =
        (Decision.Accept) run.feed(worker(1, new RunEventBody.ExecutionYielded("slice")));
    assertTrue(accept.dispatch());
    assertEquals(2, run.header.execution());
    assertEquals(RunStatus.EXECUTING, run.status());
  }

  @Test
  void aLeaseRenewedByNewsDoesNotExpire() {
    RunHarness run = started(policy(Duration.ofSeconds(10), 10, null));
    run.now = T0.plusSeconds(8);
    run.feed(worker(1, new RunEventBody.ExecutionHeartbeat("slow")));
    run.now = T0.plusSeconds(10);
    Decision.Accept renewed = (Decision.Accept) run.fire(run.lastTimer(Timer.Kind.LEASE));
    assertTrue(renewed.then().isEmpty());
    assertEquals(run.header.lastActivityAt().plusSeconds(10), renewed.timers().get(0).due());
    assertEquals(1, run.header.execution());
  }

  @Test
  void anExecutionNoWorkerHasTakenKeepsItsLeaseOpenWithoutDispatchingAgain() {
    RunHarness run = started(policy(Duration.ofSeconds(10), 10, null));
    assertTrue(run.header.awaitingWorker());
    for (int i = 1; i <= 5; i++) { // a worker's backlog, five leases long
      run.now = T0.plusSeconds(11L * i);
      Decision.Accept accept = (Decision.Accept) run.fire(run.lastTimer(Timer.Kind.LEASE));
      assertTrue(accept.then().isEmpty());
      assertEquals(
          List.of(Timer.lease(run.header.runId(), 1, run.now.plusSeconds(10))),
          accept.timers(),
          "looked at again a lease later");
    }
    assertEquals(1, run.dispatches, "no execution stacked behind the queued one");
    run.feed(worker(1, new RunEventBody.ExecutionHeartbeat(null)));
    assertFalse(run.header.awaitingWorker(), "taken");
    run.now = run.now.plusSeconds(11);
    run.fire(run.lastTimer(Timer.Kind.LEASE));
    assertEquals(
        2, run.header.execution(), "once taken, silence past the lease is a lost execution");
  }

  @Test
  void anEngineBehindItsInputGivesTheLeaseItsLagBeforeCallingItSilent() {
    RunHarness run = started(policy(Duration.ofSeconds(10), 10, null));
    run.feed(worker(1, new RunEventBody.ExecutionHeartbeat(null)));
    Timer lease = run.lastTimer(Timer.Kind.LEASE);
    Touched state = new Touched(run.header, null, null);
    Decision behind =
        RunMachine.onTimer(
            state, lease, run.policy, T0.plusSeconds(11), Duration.ofSeconds(5), key -> true);
    assertEquals(
        List.of(Timer.lease(run.header.runId(), 1, run.header.lastActivityAt().plusSeconds(15))),
        ((Decision.Accept) behind).timers(),
        "renewed, not expired");
    assertTrue(((Decision.Accept) behind).then().isEmpty());
    Decision wild =
        RunMachine.onTimer(
            state, lease, run.policy, T0.plusSeconds(41), Duration.ofDays(365), key -> true);
    assertTrue(
        ((Decision.Accept) wild)
            .then().stream().anyMatch(b -> b instanceof RunEventBody.ExecutionLeaseExpired),
        "a lag beyond three leases is not believed");
  }

  @Test
  void anExpiredLeaseDispatchesAgain() {
    RunHarness run = started(policy(Duration.ofSeconds(10), 10, null));
    run.feed(worker(1, new RunEventBody.ExecutionHeartbeat(null)));
    run.now = T0.plusSeconds(11);
    run.fire(run.lastTimer(Timer.Kind.LEASE));
    assertEquals(2, run.header.execution());
    assertEquals(2, run.dispatches);
    assertTrue(
        run.appended.stream()
            .anyMatch(
                b -> b instanceof RunEventBody.ExecutionLeaseExpired e && e.execution() == 1));
    assertEquals(1, run.header.dispatchesWithoutProgress());
  }

  @Test
  void aLeaseTimerOfAnEndedExecutionDoesNothing() {
    RunHarness run = started(policy(Duration.ofSeconds(10), 10, null));
    Timer first = run.lastTimer(Timer.Kind.LEASE);
    run.feed(worker(1, new RunEventBody.WaitRequested("w", T0.plusSeconds(5))));
    run.now = T0.plusSeconds(11);
    assertInstanceOf(Decision.Ignore.class, run.fire(first));
  }

  @Test
  void dispatchedAgainAndAgainWithoutANewTaskTimesOut() {
    RunHarness run = started(policy(Duration.ofSeconds(10), 3, null));
    for (int i = 1; i <= 3; i++) {
      run.feed(worker(i, new RunEventBody.ExecutionHeartbeat(null)));
      run.now = run.now.plusSeconds(11);
      run.fire(run.lastTimer(Timer.Kind.LEASE));
    }
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(3, run.header.dispatchesWithoutProgress());
    run.feed(completed(4, "progress", "1"));
    assertEquals(0, run.header.dispatchesWithoutProgress(), "a new task is progress");
    for (int i = 1; i <= 4; i++) {
      run.feed(worker(run.header.execution(), new RunEventBody.ExecutionHeartbeat(null)));
      run.now = run.now.plusSeconds(11);
      run.fire(run.lastTimer(Timer.Kind.LEASE));
    }
    assertEquals(RunStatus.TIMED_OUT, run.status());
    assertTrue(run.header.error().message().contains("without completing a new task"));
  }

  @Test
  void aRunLongerThanItsMaximumDurationTimesOut() {
    RunHarness run = started(policy(Duration.ofSeconds(30), 10, Duration.ofSeconds(5)));
    assertEquals(
        Timer.runTimeout(RunEvents.RUN, T0.plusSeconds(5)), run.lastTimer(Timer.Kind.RUN_TIMEOUT));
    Decision.Accept accept = (Decision.Accept) run.fireLast(Timer.Kind.RUN_TIMEOUT);
    assertEquals(RunStatus.TIMED_OUT, run.status());
    assertTrue(accept.dispatch(), "the executing worker is told to stop");
    assertInstanceOf(Decision.Ignore.class, run.feed(completed(1, "late", "1")));
  }

  @Test
  void aTimeOutOfAFinishedRunDoesNothing() {
    RunHarness run = started(policy(Duration.ofSeconds(30), 10, Duration.ofSeconds(5)));
    run.feed(RunEvents.succeeded(1));
    assertInstanceOf(Decision.Ignore.class, run.fireLast(Timer.Kind.RUN_TIMEOUT));
    assertEquals(RunStatus.SUCCESS, run.status());
  }

  @Test
  void aDelayedRunStartsWhenItsTimeComes() {
    RunHarness run = new RunHarness(RunHarness.plain());
    Instant at = T0.plusSeconds(60);
    Decision.Accept accept = (Decision.Accept) run.feed(created("{}", at));
    assertTrue(!accept.dispatch() && accept.then().isEmpty());
    assertEquals(RunStatus.PENDING, run.status());
    assertEquals(at, run.header.deliverAt());
    assertEquals(Timer.deliver(RunEvents.RUN, at), run.lastTimer(Timer.Kind.DELIVER));
    run.fireLast(Timer.Kind.DELIVER);
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals("delivered", ((RunEventBody.RunStarted) run.appended.get(0)).reason());
  }

  @Test
  void aDeliverAtInThePastStartsAtOnce() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.feed(created("{}", T0.minusSeconds(5)));
    assertEquals(RunStatus.EXECUTING, run.status());
  }
}
