package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A real worker's run waits for an event sent with the client: also across an engine restart. */
class EventWaitIT extends OnRealBroker {

  /** What {@code order.paid} carries. */
  public record Payment(String orderId, int amount) {}

  @Test
  void aRunWaitsForItsOrdersPaymentAndSucceedsWithIt() {
    AtomicInteger shipped = new AtomicInteger();
    String prefix = "event-wait";
    try (RunlogEngine engine = cluster.engine(prefix);
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(checkout(shipped)));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("checkout");
      String runId =
          api.awaitRunOfEvent(client.send("order.created", new Order("o-1")), "WAITING")
              .path("id")
              .asText();

      client.send("order.paid", new Payment("o-2", 5)); // another order's: not this run's
      client.send("order.paid", new Payment("o-1", 10));

      JsonNode run =
          api.await("/api/runs/" + runId, a -> "SUCCESS".equals(a.body().path("status").asText()));
      assertEquals("o-1", run.path("output").path("orderId").asText());
      assertEquals(10, run.path("output").path("amount").asInt());
      assertEquals(1, shipped.get(), "the task after the wait ran once");
      JsonNode wait = run.path("waits").get(0);
      assertEquals("paid", wait.path("key").asText());
      assertTrue(wait.path("elapsed").asBoolean());
      assertEquals("order.paid", wait.path("event").asText());
      assertEquals("o-1", wait.path("filter").path("payload.orderId").asText());
      assertEquals(10, wait.path("result").path("payload").path("amount").asInt());
    }
  }

  @Test
  void aRunWaitingForAnEventWhileTheEngineRestartsResumesWithTheEventSentAfter() {
    AtomicInteger shipped = new AtomicInteger();
    String prefix = "event-wait-restart";
    try (Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(checkout(shipped)));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      String runId;
      try (RunlogEngine engine = cluster.engine(prefix)) {
        Api api = new Api(engine.url());
        api.awaitJob("checkout");
        runId =
            api.awaitRunOfEvent(client.send("order.created", new Order("o-7")), "WAITING")
                .path("id")
                .asText();
      }
      try (RunlogEngine again = cluster.engine(prefix)) {
        Api api = new Api(again.url());
        api.await("/api/runs/" + runId, a -> a.status() == 200); // serving after the restart
        client.send("order.paid", new Payment("o-7", 70));
        JsonNode run =
            api.await(
                "/api/runs/" + runId, a -> "SUCCESS".equals(a.body().path("status").asText()));
        assertEquals(70, run.path("output").path("amount").asInt());
      }
    }
    assertEquals(1, shipped.get());
  }

  @Test
  void anEventSentWhileTheRunIsStillBusyIsWaitingForItWhenItAsks() throws Exception {
    java.util.concurrent.CountDownLatch paidSent = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch reserving = new java.util.concurrent.CountDownLatch(1);
    Job<Order> job =
        Job.define(
            "reserve-then-wait",
            "order.created",
            Order.class,
            (order, io, ctx) -> {
              io.runTask(
                  "reserve",
                  Boolean.class,
                  () -> {
                    reserving.countDown();
                    return paidSent.await(60, java.util.concurrent.TimeUnit.SECONDS);
                  });
              return io.waitForEvent(
                      "paid",
                      "order.paid",
                      Map.of("orderId", order.item()),
                      Duration.ofMinutes(1),
                      Payment.class)
                  .orElseThrow();
            });
    String prefix = "event-wait-early";
    try (RunlogEngine engine = cluster.engine(prefix);
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("reserve-then-wait");
      String eventId = client.send("order.created", new Order("o-3"));
      assertTrue(reserving.await(60, java.util.concurrent.TimeUnit.SECONDS));
      client.send("order.paid", new Payment("o-3", 30)); // before the run asks for it
      paidSent.countDown();
      JsonNode run = api.awaitRunOfEvent(eventId, "SUCCESS");
      assertEquals(30, run.path("output").path("amount").asInt());
    }
  }

  /** On order.created: wait for the order's payment (a minute at most), then ship it. */
  private static Job<Order> checkout(AtomicInteger shipped) {
    return Job.define(
        "checkout",
        "order.created",
        Order.class,
        (order, io, ctx) -> {
          Payment paid =
              io.waitForEvent(
                      "paid",
                      "order.paid",
                      Map.of("orderId", order.item()),
                      Duration.ofMinutes(1),
                      Payment.class)
                  .orElseThrow(() -> new IllegalStateException("not paid in time"));
          io.runTask("ship", shipped::incrementAndGet);
          return paid;
        });
  }
}
