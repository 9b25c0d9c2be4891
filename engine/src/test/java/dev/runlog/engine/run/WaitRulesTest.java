package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Waits for an event or a child run: requested, resolved (before or after), timed out. */
class WaitRulesTest {
  private static final RunPolicy LIMITED =
      new RunPolicy("job", Duration.ofSeconds(30), 10, null, "job:job", 1, null);

  @Test
  void aResolvedEventWaitResumesTheRunWithItsResult() {
    RunHarness run = started(RunHarness.plain());
    run.feed(
        worker(
            1,
            new RunEventBody.EventWaitRequested(
                "paid",
                "order.paid",
                "{\"payload.orderId\":\"42\"}",
                RunEvents.T0.plusSeconds(60))));
    assertEquals(RunStatus.WAITING, run.status());
    assertEquals("wait:paid", run.header.waitingOn());
    assertEquals(Timer.Kind.WAIT, run.lastTimer(Timer.Kind.WAIT).kind());

    run.feed(engine(new RunEventBody.WaitResolved("paid", "{\"id\":\"e1\"}")));
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(2, run.dispatches);
    assertTrue(run.waits.get("paid").elapsed());
    assertEquals("{\"id\":\"e1\"}", run.waits.get("paid").result());

    // the time-out that comes later finds the wait over
    assertInstanceOf(Decision.Ignore.class, run.fire(run.lastTimer(Timer.Kind.WAIT)));
  }

  @Test
  void aWaitThatTimesOutResumesWithoutAResultAndALateResultIsIgnored() {
    RunHarness run = started(RunHarness.plain());
    run.feed(worker(1, new RunEventBody.ChildWaitRequested("child", "c-1", RunEvents.T0)));
    run.fireLast(Timer.Kind.WAIT);
    assertEquals(RunStatus.EXECUTING, run.status());
    assertTrue(run.waits.get("child").elapsed());
    assertNull(run.waits.get("child").result());

    Decision late = run.feed(engine(new RunEventBody.WaitResolved("child", "{}")));
    assertInstanceOf(Decision.Ignore.class, late);
  }

  @Test
  void aResultThatComesBeforeTheRequestEndsTheWaitAtOnce() {
    RunHarness run = started(RunHarness.plain());
    run.feed(engine(new RunEventBody.WaitResolved("child", "{\"status\":\"SUCCESS\"}")));
    assertEquals(RunStatus.EXECUTING, run.status(), "a result alone does not move the run");
    assertEquals(1, run.dispatches);

    run.feed(worker(1, new RunEventBody.ChildWaitRequested("child", "c-1", null)));
    assertEquals(RunStatus.EXECUTING, run.status(), "requested, over, dispatched again");
    assertEquals(2, run.dispatches);
    assertEquals("{\"status\":\"SUCCESS\"}", run.waits.get("child").result());
    assertNull(run.lastTimer(Timer.Kind.WAIT), "no time-out for a wait that is over");
  }

  @Test
  void aWaitWithoutATimeOutSetsNoTimerAndAskingTwiceIsIgnored() {
    RunHarness run = started(RunHarness.plain());
    run.feed(worker(1, new RunEventBody.EventWaitRequested("e", "x", "{}", null)));
    assertNull(run.lastTimer(Timer.Kind.WAIT));
    Decision again = run.feed(worker(1, new RunEventBody.EventWaitRequested("e", "x", "{}", null)));
    assertInstanceOf(Decision.Ignore.class, again);
  }

  @Test
  void aWaitingRunGivesItsSlotBackAndTakesOneToResume() {
    RunHarness run = new RunHarness(LIMITED);
    run.feed(RunEvents.created());
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    run.admission.clear();
    run.feed(worker(1, new RunEventBody.EventWaitRequested("e", "x", "{}", null)));
    assertInstanceOf(AdmissionMessage.Release.class, run.admission.get(0));
    run.feed(engine(new RunEventBody.WaitResolved("e", "{}")));
    assertInstanceOf(AdmissionMessage.Acquire.class, run.admission.get(1));
    assertEquals(RunStatus.WAITING, run.status(), "until admission grants the slot");
  }

  @Test
  void aResultForAFinishedRunIsIgnored() {
    RunHarness run = started(RunHarness.plain());
    run.feed(RunEvents.succeeded(1));
    assertInstanceOf(
        Decision.Ignore.class, run.feed(engine(new RunEventBody.WaitResolved("e", "{}"))));
    assertFalse(run.waits.containsKey("e"));
  }

  private static RunHarness started(RunPolicy policy) {
    RunHarness run = new RunHarness(policy);
    run.feed(RunEvents.created());
    return run;
  }
}
