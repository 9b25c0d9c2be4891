package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.api;
import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.schema.PayloadSchema;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Child runs: a child tells its parent that it exists and how it ended; a parent that ends while it
 * waits on a child cancels it; the child's end may come before the parent asks to wait.
 */
class ChildRunsTest {
  private static final String PARENT = "run_parent";

  @Test
  void aChildTellsItsParentThatItExists() {
    RunHarness child = new RunHarness(RunHarness.plain());
    child.feed(childCreated("{}"));
    RunEvent told = child.told.get(0);
    assertEquals(PARENT, told.runId());
    assertEquals(new RunEventBody.ChildRunCreated("resize", RunEvents.RUN, "job"), told.body());
    assertEquals(new ParentLink(PARENT, "resize"), child.header.parent());
  }

  @Test
  void aChildThatSucceedsGivesItsParentItsOutput() {
    RunHarness child = new RunHarness(RunHarness.plain());
    child.feed(childCreated("{}"));
    child.told.clear();
    child.feed(worker(1, new RunEventBody.RunSucceeded("{\"width\":64}")));
    RunEvent told = child.told.get(0);
    assertEquals(PARENT, told.runId());
    RunEventBody.WaitResolved resolved = (RunEventBody.WaitResolved) told.body();
    assertEquals("resize", resolved.key());
    assertEquals(
        new ChildResult(RunEvents.RUN, "SUCCESS", "{\"width\":64}", null),
        ChildResult.parse(resolved.result()));
  }

  @Test
  void aChildThatFailsOrTimesOutTellsItsParentWhy() {
    RunHarness failed = new RunHarness(RunHarness.plain());
    failed.feed(childCreated("{}"));
    failed.told.clear();
    failed.feed(RunEvents.failed(1, "boom"));
    ChildResult result = resultTold(failed);
    assertEquals("FAILURE", result.status());
    assertEquals("boom", result.error().message());

    RunPolicy timed =
        new RunPolicy("job", Duration.ofSeconds(30), 10, Duration.ofSeconds(5), null, 0, null);
    RunHarness slow = new RunHarness(timed);
    slow.feed(childCreated("{}"));
    slow.told.clear();
    slow.fireLast(Timer.Kind.RUN_TIMEOUT);
    assertEquals("TIMED_OUT", resultTold(slow).status());
  }

  @Test
  void aChildPayloadThatFailsItsSchemaEndsTheChildAndTellsTheParent() {
    PayloadSchema schema = PayloadSchema.parse("{\"type\":\"object\",\"required\":[\"url\"]}");
    RunHarness child =
        new RunHarness(new RunPolicy("job", Duration.ofSeconds(30), 10, null, null, 0, schema));
    child.feed(childCreated("{}"));
    assertEquals(RunStatus.INVALID_PAYLOAD, child.status());
    assertInstanceOf(RunEventBody.ChildRunCreated.class, child.told.get(0).body());
    ChildResult result = resultTold(child);
    assertEquals("INVALID_PAYLOAD", result.status());
    assertTrue(result.error().message().contains("url"), result.error().message());
  }

  @Test
  void aParentWaitingOnAChildResumesWithItsResult() {
    RunHarness parent = started();
    parent.feed(worker(1, new RunEventBody.ChildWaitRequested("resize", "run_child", null)));
    assertEquals(RunStatus.WAITING, parent.status());
    assertNull(parent.lastTimer(Timer.Kind.WAIT), "no timeout asked: no timer");
    String result = new ChildResult("run_child", "SUCCESS", "1", null).toJson();
    parent.feed(engine(new RunEventBody.WaitResolved("resize", result)));
    assertEquals(RunStatus.EXECUTING, parent.status());
    assertEquals(result, parent.waits.get("resize").result());
  }

  @Test
  void aChildThatEndsBeforeItsParentWaitsIsKeptAndTheWaitEndsAtOnce() {
    RunHarness parent = started();
    String result = new ChildResult("run_child", "SUCCESS", "1", null).toJson();
    parent.feed(engine(new RunEventBody.WaitResolved("resize", result)));
    assertEquals(RunStatus.EXECUTING, parent.status(), "still running: it has not asked yet");
    parent.feed(worker(1, new RunEventBody.ChildWaitRequested("resize", "run_child", null)));
    assertEquals(RunStatus.EXECUTING, parent.status(), "resumed at once");
    assertEquals(2, parent.dispatches);
    assertEquals(result, parent.waits.get("resize").result());
  }

  @Test
  void aWaitOnAChildTimesOutWithNoResultAndTheChildsLateEndIsIgnored() {
    RunHarness parent = started();
    parent.feed(
        worker(
            1,
            new RunEventBody.ChildWaitRequested(
                "resize", "run_child", RunEvents.T0.plusSeconds(10))));
    parent.fireLast(Timer.Kind.WAIT);
    assertEquals(RunStatus.EXECUTING, parent.status());
    assertTrue(parent.waits.get("resize").elapsed());
    assertNull(parent.waits.get("resize").result(), "timed out");
    Decision late =
        parent.feed(
            engine(
                new RunEventBody.WaitResolved(
                    "resize", new ChildResult("run_child", "SUCCESS", "1", null).toJson())));
    assertInstanceOf(Decision.Ignore.class, late);
  }

  @Test
  void aParentCanceledWhileWaitingCancelsTheChildItWaitsOn() {
    RunHarness parent = started();
    parent.feed(worker(1, new RunEventBody.ChildWaitRequested("resize", "run_child", null)));
    parent.feed(api(new RunEventBody.CancelRequested("no longer needed", "api")));
    assertEquals(RunStatus.CANCELED, parent.status());
    RunEvent told = parent.told.get(0);
    assertEquals("run_child", told.runId());
    assertInstanceOf(RunEventBody.CancelRequested.class, told.body());
  }

  @Test
  void aParentContinuedAfterItsCancelCanceledItsChildFindsTheChildsEnd() {
    RunHarness parent = started();
    parent.feed(worker(1, new RunEventBody.ChildWaitRequested("resize", "run_child", null)));
    parent.feed(api(new RunEventBody.CancelRequested(null, "api")));
    String canceled =
        new ChildResult("run_child", "CANCELED", null, null).toJson(); // the child's answer
    parent.feed(engine(new RunEventBody.WaitResolved("resize", canceled)));
    assertEquals(RunStatus.CANCELED, parent.status());

    parent.feed(api(new RunEventBody.RunContinued("api", null)));
    assertEquals(RunStatus.EXECUTING, parent.status(), "the wait is over: it resumes at once");
    assertEquals(canceled, parent.waits.get("resize").result());
  }

  @Test
  void aParentCanceledWhileItDoesNotWaitLeavesItsChildrenRunning() {
    RunHarness parent = started();
    parent.feed(worker(1, new RunEventBody.ChildWaitRequested("resize", "run_child", null)));
    parent.feed(engine(new RunEventBody.WaitResolved("resize", "{}")));
    parent.feed(worker(2, new RunEventBody.WaitRequested("nap", RunEvents.T0.plusSeconds(60))));
    parent.feed(api(new RunEventBody.CancelRequested(null, "api")));
    assertEquals(RunStatus.CANCELED, parent.status());
    assertTrue(parent.told.isEmpty(), "the child it no longer waits on is left alone");
  }

  @Test
  void aParentKeepsTheLinkToAChildEvenOnceItIsOver() {
    RunHarness parent = started();
    parent.feed(RunEvents.succeeded(1));
    Decision d = parent.feed(engine(new RunEventBody.ChildRunCreated("k", "run_child", "job")));
    assertInstanceOf(Decision.Accept.class, d);
    assertEquals(RunStatus.SUCCESS, parent.status());
  }

  private static ChildResult resultTold(RunHarness child) {
    for (RunEvent told : child.told) {
      if (told.body() instanceof RunEventBody.WaitResolved r) {
        assertEquals(PARENT, told.runId());
        return ChildResult.parse(r.result());
      }
    }
    throw new AssertionError("the parent was not told: " + child.told);
  }

  private static RunHarness started() {
    RunHarness run = new RunHarness(RunHarness.plain());
    run.feed(RunEvents.created());
    return run;
  }

  private static RunEvent childCreated(String payload) {
    return new RunEvent(
        RunEvents.RUN,
        RunEvents.T0,
        Origin.TRIGGER,
        null,
        new RunEventBody.RunCreated(
            "job",
            "1",
            "evt",
            "invoke",
            RunEvents.T0,
            payload,
            null,
            null,
            null,
            PARENT,
            "resize"));
  }
}
