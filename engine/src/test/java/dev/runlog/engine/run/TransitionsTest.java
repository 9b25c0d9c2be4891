package dev.runlog.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionsTest {

  /** Drives every row of the table through decide + evolve; a row no scenario reaches fails the test. */
  @Test
  void everyRowIsExercised() {
    Set<Transitions.Row> visited = new HashSet<>();
    List<List<RunEvent>> scenarios = List.of(
        List.of(RunEvents.created(), RunEvents.worker(1, new RunEventBody.TaskStarted("a", 1)), RunEvents.completed(1, "a", "1"),
            RunEvents.succeeded(1)),
        List.of(RunEvents.created(), RunEvents.worker(1, new RunEventBody.TaskFailed("a", ErrorInfo.of("E", "boom"), 1, null, null)),
            RunEvents.failed(1, "boom")));
    for (List<RunEvent> scenario : scenarios) {
      Touched state = Touched.NOTHING;
      for (RunEvent event : scenario) {
        Decision d = RunMachine.decide(state, event, null, RunEvents.T0);
        assertTrue(d instanceof Decision.Accept, () -> event.type() + " was not accepted: " + d);
        state = step(state, event, visited);
        for (RunEventBody body : ((Decision.Accept) d).then()) {
          state = step(state, RunEvents.engine(body), visited);
        }
      }
    }
    assertEquals(Set.copyOf(Transitions.ROWS), visited, "rows never exercised");
  }

  /** The README's state diagram shows exactly the rows of the table. */
  @Test
  void theReadmeDiagramMatchesTheTable() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    for (Transitions.Row row : Transitions.ROWS) {
      if (row.from() == row.to()) {
        continue;
      }
      String line = row.from() + " --> " + row.to() + ": " + row.on().getSimpleName();
      assertTrue(text.contains(line), "README.md's state diagram lacks: " + line);
    }
  }

  private static Touched step(Touched state, RunEvent event, Set<Transitions.Row> visited) {
    if (state.run() != null) {
      RunStatus from = state.run().status();
      Transitions.next(from, event.body().getClass()).ifPresent(to -> visited.add(new Transitions.Row(from, event.body().getClass(), to)));
    }
    return RunMachine.evolve(state, event);
  }
}
