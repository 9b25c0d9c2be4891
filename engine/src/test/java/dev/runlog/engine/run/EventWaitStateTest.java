package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.RunEventBody;
import org.junit.jupiter.api.Test;

/** A wait for an event keeps what it waits for, whatever it comes to, for the API to show. */
class EventWaitStateTest {
  private static final String FILTER = "{\"payload.orderId\":\"42\"}";

  @Test
  void aResolvedEventWaitKeepsItsEventNameAndFilter() {
    RunHarness run = waiting();
    run.feed(engine(new RunEventBody.WaitResolved("paid", "{\"id\":\"p-1\"}")));
    WaitState wait = run.waits.get("paid");
    assertTrue(wait.elapsed());
    assertEquals("order.paid", wait.eventName());
    assertEquals(FILTER, wait.filter());
    assertEquals("{\"id\":\"p-1\"}", wait.result());
  }

  @Test
  void aTimedOutEventWaitKeepsThemTooWithoutAResult() {
    RunHarness run = waiting();
    run.fireLast(Timer.Kind.WAIT);
    WaitState wait = run.waits.get("paid");
    assertTrue(wait.elapsed());
    assertEquals("order.paid", wait.eventName());
    assertNull(wait.result());
  }

  @Test
  void aSleepWaitsForNoEvent() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.feed(RunEvents.created());
    run.feed(worker(1, new RunEventBody.WaitRequested("nap", RunEvents.T0.plusSeconds(1))));
    run.fireLast(Timer.Kind.WAIT);
    assertNull(run.waits.get("nap").eventName());
    assertNull(run.waits.get("nap").filter());
  }

  private static RunHarness waiting() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.feed(RunEvents.created());
    run.feed(
        worker(
            1,
            new RunEventBody.EventWaitRequested(
                "paid", "order.paid", FILTER, RunEvents.T0.plusSeconds(60))));
    assertEquals("order.paid", run.waits.get("paid").eventName());
    return run;
  }
}
