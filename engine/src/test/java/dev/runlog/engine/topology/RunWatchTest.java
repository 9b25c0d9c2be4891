package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RunWatchTest {
  private final RunWatch watch = new RunWatch();

  @Test
  void aChangeWakesEveryWaiterOfThatRunOnly() {
    CompletableFuture<Void> first = watch.runs().next("run-a");
    CompletableFuture<Void> second = watch.runs().next("run-a");
    CompletableFuture<Void> other = watch.runs().next("run-b");
    watch.changed("run-a");
    assertTrue(first.isDone());
    assertTrue(second.isDone());
    assertFalse(other.isDone());
    assertEquals(1, watch.watched());
  }

  @Test
  void waitersThatStopLeaveNothingBehind() {
    for (int i = 0;
        i < 1_000;
        i++) { // e.g. a dashboard asking again and again about a finished run
      CompletableFuture<Void> change = watch.runs().next("finished");
      watch.runs().forget("finished", change);
    }
    assertEquals(0, watch.watched());
    CompletableFuture<Void> kept = watch.runs().next("finished");
    watch.runs().forget("finished", watch.runs().next("finished"));
    assertEquals(1, watch.watched());
    watch.changed("finished");
    assertTrue(kept.isDone());
    assertEquals(0, watch.watched());
  }
}
