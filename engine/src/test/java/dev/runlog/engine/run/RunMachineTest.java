package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.completed;
import static dev.runlog.engine.run.RunEvents.created;
import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.failed;
import static dev.runlog.engine.run.RunEvents.succeeded;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMachineTest {
  private static final Instant NOW = RunEvents.T0.plusSeconds(1);

  /** A tiny in-memory stand-in for the stores: the header and tasks by key, as the processor keeps them. */
  private static final class Run {
    RunState header;
    final Map<String, TaskState> tasks = new HashMap<>();

    Decision feed(RunEvent event) {
      Decision d = RunMachine.decide(touched(event), event, null, NOW);
      if (d instanceof Decision.Accept accept) {
        fold(event);
        accept.then().forEach(body -> fold(engine(body)));
      }
      return d;
    }

    void fold(RunEvent event) {
      Touched after = RunMachine.evolve(touched(event), event);
      header = after.run();
      if (after.task() != null) {
        tasks.put(after.task().key(), after.task());
      }
    }

    Touched touched(RunEvent event) {
      String key = RunMachine.taskKey(event.body());
      return new Touched(header, key == null ? null : tasks.get(key));
    }
  }

  @Test
  void aNewRunIsPendingAndIsDispatchedAsExecutionOne() {
    Decision d = RunMachine.decide(Touched.NOTHING, created(), null, NOW);
    Decision.Accept accept = assertInstanceOf(Decision.Accept.class, d);
    assertTrue(accept.dispatch());
    assertEquals(List.of(new RunEventBody.RunStarted(1, "created", null)), accept.then());

    Touched pending = RunMachine.evolve(Touched.NOTHING, created());
    assertEquals(RunStatus.PENDING, pending.run().status());
    assertEquals("job", pending.run().jobId());
    assertEquals(0, pending.run().execution());
  }

  @Test
  void startedMakesItExecutingWithTheExecutionNumber() {
    Run run = new Run();
    run.feed(created());
    assertEquals(RunStatus.EXECUTING, run.header.status());
    assertEquals(1, run.header.execution());
    assertEquals(RunEvents.T0.plusMillis(1), run.header.startedAt());
  }

  @Test
  void completedTasksAreRecordedInCallOrder() {
    Run run = new Run();
    run.feed(created());
    run.feed(completed(1, "b", "\"x\""));
    run.feed(completed(1, "a", "2"));
    assertEquals(0, run.tasks.get("b").index());
    assertEquals(1, run.tasks.get("a").index());
    assertEquals(TaskStatus.COMPLETED, run.tasks.get("a").status());
    assertEquals("2", run.tasks.get("a").output());
    assertEquals(2, run.header.taskCount());
  }

  @Test
  void theFirstCompletionOfAKeyWins() {
    Run run = new Run();
    run.feed(created());
    run.feed(completed(1, "a", "\"first\""));
    Decision second = run.feed(completed(1, "a", "\"second\""));
    assertInstanceOf(Decision.Ignore.class, second);
    assertEquals("\"first\"", run.tasks.get("a").output());
    assertEquals(1, run.header.taskCount());
  }

  @Test
  void aTaskStartedThenCompletedKeepsItsIndexAndStart() {
    Run run = new Run();
    run.feed(created());
    run.feed(worker(1, new RunEventBody.TaskStarted("slow", 1)));
    assertEquals(TaskStatus.RUNNING, run.tasks.get("slow").status());
    run.feed(worker(1, new RunEventBody.TaskCompleted("slow", "1", null, 1)));
    assertEquals(TaskStatus.COMPLETED, run.tasks.get("slow").status());
    assertEquals(0, run.tasks.get("slow").index());
    assertEquals(1, run.header.taskCount());
  }

  @Test
  void succeededEndsTheRunWithItsOutput() {
    Run run = new Run();
    run.feed(created());
    run.feed(succeeded(1));
    assertEquals(RunStatus.SUCCESS, run.header.status());
    assertEquals("\"done\"", run.header.output());
    assertEquals(RunEvents.T0.plusMillis(2), run.header.finishedAt());
  }

  @Test
  void failedEndsTheRunWithItsError() {
    Run run = new Run();
    run.feed(created());
    run.feed(failed(1, "task 'charge' failed: card declined"));
    assertEquals(RunStatus.FAILURE, run.header.status());
    assertEquals("task 'charge' failed: card declined", run.header.error().message());
    assertNull(run.header.output());
  }

  @Test
  void aFailedTaskKeepsItsErrorAndAttempt() {
    Run run = new Run();
    run.feed(created());
    run.feed(worker(1, new RunEventBody.TaskFailed("charge", dev.runlog.protocol.run.ErrorInfo.of("E", "card declined"), 1, null, null)));
    TaskState charge = run.tasks.get("charge");
    assertEquals(TaskStatus.FAILED, charge.status());
    assertEquals("card declined", charge.error().message());
    assertEquals(1, charge.attempts());
    assertEquals(RunStatus.EXECUTING, run.header.status());
  }

  @Test
  void aDuplicateCreationIsIgnored() {
    Run run = new Run();
    run.feed(created());
    Decision again = run.feed(created());
    assertTrue(((Decision.Ignore) again).reason().contains("duplicate"));
    assertEquals(1, run.header.execution());
  }

  @Test
  void eventsOfAnUnknownRunAreIgnored() {
    assertInstanceOf(Decision.Ignore.class, RunMachine.decide(Touched.NOTHING, completed(1, "a", "1"), null, NOW));
  }

  @Test
  void aFinishedRunTakesNoMoreEvents() {
    Run run = new Run();
    run.feed(created());
    run.feed(succeeded(1));
    assertTrue(((Decision.Ignore) run.feed(completed(1, "late", "1"))).reason().contains("SUCCESS"));
    assertInstanceOf(Decision.Ignore.class, run.feed(failed(1, "late")));
    assertEquals(RunStatus.SUCCESS, run.header.status());
  }

  @Test
  void eventsOfAnotherExecutionAreFenced() {
    Run run = new Run();
    run.feed(created());
    Decision zombie = run.feed(completed(7, "a", "1"));
    assertTrue(((Decision.Ignore) zombie).reason().startsWith("fenced"));
    assertTrue(run.tasks.isEmpty());
    Decision noExecution = run.feed(new RunEvent(RunEvents.RUN, NOW, dev.runlog.protocol.run.Origin.WORKER, null,
        new RunEventBody.RunSucceeded(null)));
    assertInstanceOf(Decision.Ignore.class, noExecution);
    assertEquals(RunStatus.EXECUTING, run.header.status());
  }

  @Test
  void anEventWithNoRowInTheTableIsIgnored() {
    Run run = new Run();
    run.fold(created()); // PENDING, not yet started
    Decision d = run.feed(succeeded(0));
    assertTrue(((Decision.Ignore) d).reason().startsWith("no transition from PENDING"));
  }
}
