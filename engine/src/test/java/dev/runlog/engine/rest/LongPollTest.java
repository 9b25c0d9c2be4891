package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.topology.RunWatch;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LongPollTest {
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final RunWatch watch = new RunWatch();
  private final AtomicReference<String> stored = new AtomicReference<>();

  /** A recheck far beyond the test: only the watch can wake the waiter in time. */
  private final LongPoll poll = new LongPoll(TimeUnit.HOURS.toMillis(1), executor);

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
  }

  @Test
  void somethingNotThereYetIsWaitedForUntilItsChangeIsAnnounced() throws Exception {
    CompletableFuture<Optional<String>> answer =
        poll.await(
            watch.runs(),
            "run-a",
            () -> Optional.ofNullable(stored.get()),
            "SUCCESS"::equals,
            LongPoll.deadline(60_000));
    assertFalse(answer.isDone());
    assertEquals(1, watch.watched());

    stored.set("EXECUTING");
    watch.changed("run-a"); // created: read again, not what it waits for
    awaitWatched(1);
    assertFalse(answer.isDone());

    watch.eventReceived("run-a"); // an event with that id is not the run
    stored.set("SUCCESS");
    watch.changed("run-a");
    assertEquals(Optional.of("SUCCESS"), answer.get(30, TimeUnit.SECONDS));
    assertEquals(0, watch.watched());
  }

  @Test
  void atTheDeadlineItAnswersWithWhatItLastFoundAndLeavesNothingBehind() throws Exception {
    CompletableFuture<Optional<String>> answer =
        poll.await(watch.events(), "evt", () -> Optional.ofNullable(stored.get()), s -> true, 0L);
    assertEquals(Optional.empty(), answer.get(30, TimeUnit.SECONDS));

    CompletableFuture<Optional<String>> soon =
        new LongPoll(1, executor)
            .await(
                watch.events(),
                "evt",
                () -> Optional.ofNullable(stored.get()),
                s -> true,
                LongPoll.deadline(50));
    assertEquals(Optional.empty(), soon.get(30, TimeUnit.SECONDS));
    assertEquals(0, watch.watched());
  }

  @Test
  void anEventReadWakesWhoeverWaitsForIt() throws Exception {
    CompletableFuture<Optional<String>> answer =
        poll.await(
            watch.events(),
            "evt-1",
            () -> Optional.ofNullable(stored.get()),
            s -> true,
            LongPoll.deadline(60_000));
    stored.set("received");
    watch.eventReceived("evt-1");
    assertEquals(Optional.of("received"), answer.get(30, TimeUnit.SECONDS));
    assertTrue(answer.isDone());
  }

  /** The waiter woken on the executor reads again and waits anew: poll until it has. */
  private void awaitWatched(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (watch.watched() != n) {
      assertTrue(System.nanoTime() < deadline, "watched " + watch.watched());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
