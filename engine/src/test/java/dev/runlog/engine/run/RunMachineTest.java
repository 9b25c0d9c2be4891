package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.api;
import static dev.runlog.engine.run.RunEvents.completed;
import static dev.runlog.engine.run.RunEvents.created;
import static dev.runlog.engine.run.RunEvents.failed;
import static dev.runlog.engine.run.RunEvents.succeeded;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The basic lifecycle, tasks, fencing and cancellation rules of {@link RunMachine}. */
class RunMachineTest {

  private static RunHarness started() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.feed(created());
    return run;
  }

  @Test
  void aNewRunIsDispatchedAsExecutionOneWithALease() {
    RunHarness run = new RunHarness(RunHarness.plain());
    Decision.Accept accept = assertInstanceOf(Decision.Accept.class, run.feed(created()));
    assertTrue(accept.dispatch());
    RunEventBody.RunStarted started = (RunEventBody.RunStarted) accept.then().get(0);
    assertEquals(1, started.execution());
    assertEquals("created", started.reason());
    assertEquals(RunEvents.T0.plus(RunPolicy.DEFAULT_LEASE), started.leaseUntil());
    assertEquals(
        Timer.lease(RunEvents.RUN, 1, RunEvents.T0.plus(RunPolicy.DEFAULT_LEASE)),
        run.lastTimer(Timer.Kind.LEASE));
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(1, run.header.execution());
  }

  @Test
  void aRunTooLargeToDispatchFailsSayingWhyAndGivesBackItsSlot() {
    RunPolicy limited =
        new RunPolicy(
            "job", Duration.ofSeconds(30), 10, null, "limit:job", 1, null, null, List.of());
    RunHarness run = new RunHarness(limited);
    run.feed(created());
    run.feed(RunEvents.engine(new RunEventBody.RunStarted(1, "created", null)));
    assertEquals(RunStatus.EXECUTING, run.status());

    Decision.Accept accept =
        assertInstanceOf(Decision.Accept.class, run.tooLarge("1,200,000 bytes"));

    assertEquals(RunStatus.FAILURE, run.status());
    assertEquals(new ErrorInfo("RunTooLarge", "1,200,000 bytes", null), run.header.error());
    assertTrue(!accept.dispatch());
    assertTrue(
        run.admission.stream().anyMatch(m -> m instanceof AdmissionMessage.Release),
        "its slot goes back: " + run.admission);
    assertInstanceOf(Decision.Ignore.class, run.tooLarge("again"));
  }

  @Test
  void createdFoldsIntoAPendingRun() {
    Touched pending = RunMachine.evolve(Touched.NOTHING, created());
    assertEquals(RunStatus.PENDING, pending.run().status());
    assertEquals("job", pending.run().jobId());
    assertEquals(0, pending.run().execution());
  }

  @Test
  void completedTasksAreRecordedInCallOrder() {
    RunHarness run = started();
    run.feed(completed(1, "b", "\"x\""));
    run.feed(completed(1, "a", "2"));
    assertEquals(0, run.tasks.get("b").index());
    assertEquals(1, run.tasks.get("a").index());
    assertEquals("2", run.tasks.get("a").output());
    assertEquals(2, run.header.taskCount());
  }

  @Test
  void theFirstCompletionOfAKeyWins() {
    RunHarness run = started();
    run.feed(completed(1, "a", "\"first\""));
    assertInstanceOf(Decision.Ignore.class, run.feed(completed(1, "a", "\"second\"")));
    assertEquals("\"first\"", run.tasks.get("a").output());
    assertEquals(1, run.header.taskCount());
  }

  @Test
  void aTaskStartedThenCompletedKeepsItsIndex() {
    RunHarness run = started();
    run.feed(worker(1, new RunEventBody.TaskStarted("slow", 1)));
    assertEquals(TaskStatus.RUNNING, run.tasks.get("slow").status());
    run.feed(worker(1, new RunEventBody.TaskCompleted("slow", "1", null, 1)));
    assertEquals(TaskStatus.COMPLETED, run.tasks.get("slow").status());
    assertEquals(0, run.tasks.get("slow").index());
  }

  @Test
  void aTaskFailedForGoodKeepsTheRunExecuting() {
    RunHarness run = started();
    run.feed(
        worker(
            1,
            new RunEventBody.TaskFailed(
                "charge", ErrorInfo.of("E", "card declined"), 1, null, null)));
    assertEquals(TaskStatus.FAILED, run.tasks.get("charge").status());
    assertEquals("card declined", run.tasks.get("charge").error().message());
    assertEquals(RunStatus.EXECUTING, run.status(), "run() may catch the failure and go on");
  }

  @Test
  void succeededAndFailedEndTheRun() {
    RunHarness ok = started();
    ok.feed(succeeded(1));
    assertEquals(RunStatus.SUCCESS, ok.status());
    assertEquals("\"done\"", ok.header.output());
    assertEquals(RunEvents.T0.plusMillis(2), ok.header.finishedAt());

    RunHarness ko = started();
    ko.feed(failed(1, "task 'charge' failed: card declined"));
    assertEquals(RunStatus.FAILURE, ko.status());
    assertEquals("task 'charge' failed: card declined", ko.header.error().message());
    assertNull(ko.header.output());
  }

  @Test
  void aDuplicateCreationIsIgnored() {
    RunHarness run = started();
    assertTrue(((Decision.Ignore) run.feed(created())).reason().contains("duplicate"));
    assertEquals(1, run.dispatches);
  }

  @Test
  void eventsOfAnUnknownOrFinishedRunAreIgnored() {
    assertInstanceOf(
        Decision.Ignore.class,
        RunMachine.decide(
            Touched.NOTHING,
            completed(1, "a", "1"),
            RunHarness.plain(),
            RunEvents.T0,
            key -> true));
    RunHarness run = started();
    run.feed(succeeded(1));
    assertTrue(
        ((Decision.Ignore) run.feed(completed(1, "late", "1"))).reason().contains("SUCCESS"));
    assertInstanceOf(Decision.Ignore.class, run.feed(failed(1, "late")));
    assertEquals(RunStatus.SUCCESS, run.status());
  }

  @Test
  void eventsOfAnotherExecutionAreFenced() {
    RunHarness run = started();
    Decision zombie = run.feed(completed(7, "a", "1"));
    assertTrue(((Decision.Ignore) zombie).reason().startsWith("fenced"));
    assertTrue(run.tasks.isEmpty());
    Decision noExecution =
        run.feed(
            new RunEvent(
                RunEvents.RUN,
                RunEvents.T0,
                Origin.WORKER,
                null,
                new RunEventBody.RunSucceeded(null)));
    assertInstanceOf(Decision.Ignore.class, noExecution);
    assertEquals(RunStatus.EXECUTING, run.status());
  }

  @Test
  void aFencedExecutionsKafkaSendIsKeptAsTheTasksCompletionTheFirstWinning() {
    RunHarness run = started();
    run.feed(worker(1, new RunEventBody.ExecutionYielded("slice")));
    run.feed(worker(2, new RunEventBody.WaitRequested("w", RunEvents.T0.plusSeconds(9))));
    assertEquals(RunStatus.WAITING, run.status());
    assertInstanceOf(Decision.Accept.class, run.feed(RunEvents.sent(1, "send")));
    assertEquals(RunStatus.WAITING, run.status(), "the status stays");
    assertEquals(TaskStatus.COMPLETED, run.tasks.get("send").status());
    Decision second = run.feed(RunEvents.sent(2, "send"));
    assertTrue(((Decision.Ignore) second).reason().contains("first completion wins"), "" + second);
    assertTrue( // a plain task of a fenced execution is still fenced
        ((Decision.Ignore) run.feed(completed(1, "plain", "1"))).reason().startsWith("fenced"));
    assertTrue( // and the current execution completes nothing while the run waits
        ((Decision.Ignore) run.feed(completed(2, "plain", "1")))
            .reason()
            .startsWith("no transition from WAITING"));
    RunHarness done = started();
    done.feed(succeeded(1));
    assertInstanceOf(Decision.Ignore.class, done.feed(RunEvents.sent(5, "late")));
    assertTrue(done.tasks.isEmpty(), "a run that succeeded is over: nothing continues it");
  }

  @Test
  void aZombieOfAnEarlierExecutionChangesNothingAfterARedispatch() {
    RunHarness run = started();
    run.feed(worker(1, new RunEventBody.ExecutionYielded("slice")));
    assertEquals(2, run.header.execution());
    assertInstanceOf(Decision.Ignore.class, run.feed(completed(1, "late", "1")));
    assertInstanceOf(Decision.Ignore.class, run.feed(succeeded(1)));
    run.feed(completed(2, "late", "2"));
    assertEquals("2", run.tasks.get("late").output());
  }

  @Test
  void anEventWithNoRowInTheTableIsIgnored() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.fold(created()); // PENDING, not yet started
    assertTrue(
        ((Decision.Ignore) run.feed(succeeded(0)))
            .reason()
            .startsWith("no transition from PENDING"));
  }

  @Test
  void cancelingAnExecutingRunTellsItsWorker() {
    RunHarness run = started();
    Decision.Accept accept =
        (Decision.Accept) run.feed(api(new RunEventBody.CancelRequested("stop", "api")));
    assertTrue(
        accept.dispatch(), "the worker learns of it through a dispatch with cancelRequested");
    assertTrue(run.header.cancelRequested());
    assertEquals(RunStatus.EXECUTING, run.status());
    run.feed(worker(1, new RunEventBody.RunCanceled("canceled")));
    assertEquals(RunStatus.CANCELED, run.status());
  }

  @Test
  void cancelingAWaitingRunCancelsItAtOnce() {
    RunHarness run = started();
    run.feed(worker(1, new RunEventBody.WaitRequested("w", RunEvents.T0.plusSeconds(60))));
    run.feed(api(new RunEventBody.CancelRequested(null, "api")));
    assertEquals(RunStatus.CANCELED, run.status());
    assertInstanceOf(
        Decision.Ignore.class, run.fireLast(Timer.Kind.WAIT), "a canceled run's wait does nothing");
  }

  @Test
  void aFinishedRunCannotBeCanceled() {
    RunHarness run = started();
    run.feed(succeeded(1));
    assertInstanceOf(
        Decision.Ignore.class, run.feed(api(new RunEventBody.CancelRequested(null, "api"))));
    assertEquals(RunStatus.SUCCESS, run.status());
  }

  @Test
  void aCancelOfALostExecutionEndsTheRunAtLeaseExpiry() {
    RunHarness run = started();
    run.feed(worker(1, new RunEventBody.ExecutionHeartbeat(null)));
    run.feed(api(new RunEventBody.CancelRequested(null, "api")));
    run.now = RunEvents.T0.plus(RunPolicy.DEFAULT_LEASE).plusSeconds(1);
    run.fireLast(Timer.Kind.LEASE);
    assertEquals(RunStatus.CANCELED, run.status());
    assertEquals(
        List.of(RunEventBody.ExecutionLeaseExpired.class, RunEventBody.RunCanceled.class),
        run.appended.subList(1, 3).stream().map(Object::getClass).toList());
  }

  @Test
  void anExecutionTheApiDispatchedIsSentAgainOnceWhenNoWorkerTookIt() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.fold(new RunEvent(RunEvents.RUN, RunEvents.T0, Origin.API, null, created().body()));
    Instant leaseUntil = RunEvents.T0.plus(RunPolicy.DEFAULT_LEASE);
    run.fold(
        new RunEvent(
            RunEvents.RUN,
            RunEvents.T0,
            Origin.API,
            null,
            new RunEventBody.RunStarted(1, "created", leaseUntil)));
    assertEquals(RunState.WAITING_ON_API_DISPATCH, run.header.waitingOn());
    assertTrue(run.header.awaitingWorker());

    run.now = leaseUntil;
    run.fire(Timer.lease(RunEvents.RUN, 1, leaseUntil));
    assertEquals(0, run.dispatches, "not while the API's own send of it may still land");
    run.fireLast(Timer.Kind.LEASE);
    assertEquals(1, run.dispatches);
    RunEventBody.RunStarted resent = (RunEventBody.RunStarted) run.appended.get(0);
    assertEquals(1, resent.execution(), "the same execution: a first copy is not fenced");
    assertEquals(RunMachine.RESENT, resent.reason());
    assertEquals(RunState.WAITING_ON_WORKER, run.header.waitingOn());

    run.fireLast(Timer.Kind.LEASE);
    assertEquals(1, run.dispatches, "once: then it waits for a worker like any execution");
  }
}
