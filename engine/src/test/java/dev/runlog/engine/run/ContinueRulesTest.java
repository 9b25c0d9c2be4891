package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.api;
import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A FAILURE, TIMED_OUT or CANCELED run continued as the same run. */
class ContinueRulesTest {
  private static final RunEventBody.RunContinued CONTINUE =
      new RunEventBody.RunContinued("api", "fixed");

  @Test
  void aFailedRunResumesWithItsOutputsAndFreshAttempts() {
    RunHarness run = started(RunHarness.plain());
    run.feed(RunEvents.completed(1, "fetch", "\"profile\""));
    run.feed(
        worker(1, new RunEventBody.TaskFailed("post", ErrorInfo.of("E", "502"), 3, null, null)));
    run.feed(RunEvents.failed(1, "post failed"));
    assertEquals(RunStatus.FAILURE, run.status());
    assertEquals(3, run.tasks.get("post").attemptsNow(run.header));
    assertTrue(run.tasks.get("post").failedNow(run.header), "no retry to come: failed for good");

    run.feed(api(CONTINUE));
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(2, run.header.execution());
    assertEquals(2, run.dispatches);
    assertNull(run.header.error());
    assertNull(run.header.finishedAt());
    assertEquals(1, run.header.continuations());
    assertEquals(0, run.tasks.get("post").attemptsNow(run.header), "attempts counted anew");
    assertFalse(run.tasks.get("post").failedNow(run.header), "a continue gives it another go");
    assertEquals(1, run.tasks.get("fetch").attemptsNow(run.header), "completed: kept");
    assertEquals(TaskStatus.COMPLETED, run.tasks.get("fetch").status());

    run.feed(
        worker(2, new RunEventBody.TaskFailed("post", ErrorInfo.of("E", "502"), 1, null, null)));
    assertEquals(1, run.tasks.get("post").attemptsNow(run.header), "new attempts count");
    run.feed(RunEvents.succeeded(2));
    assertEquals(RunStatus.SUCCESS, run.status());
  }

  @Test
  void onlyFailedTimedOutOrCanceledRunsContinue() {
    RunHarness done = started(RunHarness.plain());
    done.feed(RunEvents.succeeded(1));
    Decision d = done.feed(api(CONTINUE));
    assertInstanceOf(Decision.Ignore.class, d);
    assertEquals(RunStatus.SUCCESS, done.status());

    RunHarness running = started(RunHarness.plain());
    assertInstanceOf(Decision.Ignore.class, running.feed(api(CONTINUE)));
  }

  @Test
  void aRunCanceledInASleepSleepsOnUntilItsTime() {
    RunHarness run = started(RunHarness.plain());
    run.feed(worker(1, new RunEventBody.WaitRequested("nap", RunEvents.T0.plusSeconds(30))));
    run.feed(api(new RunEventBody.CancelRequested("oops", "api")));
    assertEquals(RunStatus.CANCELED, run.status());
    run.timers.clear();

    run.feed(api(CONTINUE));
    assertEquals(RunStatus.WAITING, run.status());
    assertEquals(RunEvents.T0.plusSeconds(30), run.lastTimer(Timer.Kind.WAIT).due());
    run.fireLast(Timer.Kind.WAIT);
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(2, run.header.execution());
  }

  @Test
  void aResultThatCameWhileCanceledIsThereOnContinue() {
    RunHarness run = started(RunHarness.plain());
    run.feed(worker(1, new RunEventBody.ChildWaitRequested("child", "c-1", null)));
    run.feed(api(new RunEventBody.CancelRequested(null, "api")));
    run.feed(engine(new RunEventBody.WaitResolved("child", "{\"status\":\"CANCELED\"}")));
    assertEquals(RunStatus.CANCELED, run.status());
    assertEquals("{\"status\":\"CANCELED\"}", run.waits.get("child").result());

    run.feed(api(CONTINUE));
    assertEquals(RunStatus.EXECUTING, run.status(), "the wait is over: it starts at once");
  }

  @Test
  void aTimeOutOfBeforeTheContinueDoesNothing() {
    RunPolicy timed =
        new RunPolicy("job", Duration.ofSeconds(30), 10, Duration.ofMinutes(10), null, 0, null);
    RunHarness run = started(timed);
    Timer first = run.lastTimer(Timer.Kind.RUN_TIMEOUT);
    run.feed(RunEvents.failed(1, "boom"));
    run.now = RunEvents.T0.plusSeconds(60);
    run.feed(api(CONTINUE));
    Timer second = run.lastTimer(Timer.Kind.RUN_TIMEOUT);
    assertEquals(run.now.plus(Duration.ofMinutes(10)), second.due());

    run.now = first.due();
    assertInstanceOf(Decision.Ignore.class, run.fire(first));
    assertEquals(RunStatus.EXECUTING, run.status());
    run.now = second.due();
    run.fire(second);
    assertEquals(RunStatus.TIMED_OUT, run.status());
  }

  @Test
  void aContinuedRunTakesASlotAgain() {
    RunPolicy limited = new RunPolicy("job", Duration.ofSeconds(30), 10, null, "job:job", 1, null);
    RunHarness run = new RunHarness(limited);
    run.feed(RunEvents.created());
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    run.feed(RunEvents.failed(1, "boom"));
    run.admission.clear();
    run.feed(api(CONTINUE));
    assertEquals(RunStatus.PENDING, run.status());
    assertEquals(1, run.admission.size());
    assertFalse(run.header.cancelRequested());
  }

  private static RunHarness started(RunPolicy policy) {
    RunHarness run = new RunHarness(policy);
    run.feed(RunEvents.created());
    return run;
  }
}
