package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.sdk.Event;
import dev.runlog.sdk.Job;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A test gives a waiting run its event, or lets the wait time out. */
class WaitForEventHarnessTest {
  record Order(String id) {}

  record Payment(String orderId, int amount) {}

  private static final Job<Order> CHECKOUT =
      Job.named("checkout")
          .on("order.created", Order.class)
          .call(
              (order, io) ->
                  io.waitForEvent(
                          "paid",
                          "order.paid",
                          Map.of("orderId", order.id()),
                          Duration.ofHours(1),
                          Payment.class)
                      .map(p -> "paid " + p.amount())
                      .orElse("not paid"));

  @Test
  void theMatchingEventResumesTheRunAndOthersAreRefused() {
    TestRun run = JobTest.of(CHECKOUT).start(new Order("o-1"));
    assertEquals("event", run.pending().orElseThrow().kind());
    assertThrows(
        IllegalStateException.class,
        () -> run.receive(Event.of("order.paid", new Payment("o-2", 5))),
        "another order's payment");
    run.receive(Event.of("order.paid", new Payment("o-1", 10))).replay();
    assertEquals("paid 10", run.result(String.class));
  }

  @Test
  void aWaitThatTimesOutGivesNothing() {
    TestRun run = JobTest.of(CHECKOUT).start(new Order("o-1")).elapse().replay();
    assertEquals("not paid", run.result(String.class));
  }
}
