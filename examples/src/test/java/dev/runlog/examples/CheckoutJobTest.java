package dev.runlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.examples.CheckoutJob.Order;
import dev.runlog.examples.CheckoutJob.Payment;
import dev.runlog.examples.FakeClients.FakeWarehouse;
import dev.runlog.sdk.Event;
import dev.runlog.sdk.testing.JobTest;
import dev.runlog.sdk.testing.TestRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckoutJobTest {
  @Test
  void shipsOnceItsOrderIsPaid() {
    FakeWarehouse warehouse = new FakeWarehouse();
    TestRun run = JobTest.of(CheckoutJob.job(warehouse)).start(new Order("o-1", "mug"));
    assertEquals(
        new TestRun.Pending("event", "paid", JobTest.DEFAULT_START.plus(Duration.ofHours(24))),
        run.pending().orElseThrow());

    assertThrows(
        IllegalStateException.class,
        () -> run.receive(Event.of("order.paid", new Payment("o-2", 900))),
        "another order's payment does not resume it");
    assertEquals(List.of(), warehouse.shipped());

    run.receive(Event.of("order.paid", new Payment("o-1", 900))).replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals("track-o-1", run.result(String.class));
    assertEquals(List.of("o-1"), warehouse.shipped(), "shipped once, replays or not");
    assertEquals(List.of(), warehouse.released());
  }

  @Test
  void givesTheStockBackWhenNotPaidWithinADay() {
    FakeWarehouse warehouse = new FakeWarehouse();
    TestRun run =
        JobTest.of(CheckoutJob.job(warehouse)).start(new Order("o-1", "mug")).elapse().replay();
    assertEquals("canceled", run.result(String.class));
    assertEquals(List.of("release"), run.tasks());
    assertEquals(List.of("o-1"), warehouse.released());
    assertEquals(List.of(), warehouse.shipped());
    assertEquals(JobTest.DEFAULT_START.plus(Duration.ofHours(24)), run.now());
  }
}
