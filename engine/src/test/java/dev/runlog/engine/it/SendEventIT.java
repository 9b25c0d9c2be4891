package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Event;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Runlog;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** io.sendEvent and Worker.send on a real broker: a run's event is sent once, when it is due. */
class SendEventIT extends OnRealBroker {

  @Test
  void aRunSendsItsEventOnceAcrossReplaysAndItArrivesAfterItsDelay() {
    AtomicInteger shipped = new AtomicInteger();
    Job<Order> announce =
        Job.on("order.placed", Order.class)
            .call(
                (order, io) -> {
                  String id = io.sendEvent("ship it", "order.ship", order, Duration.ofSeconds(1));
                  io.sleep("breather", Duration.ofMillis(300)); // the run replays after it
                  io.runTask("after", () -> {});
                  return id;
                });
    Job<Order> shipping =
        Job.on("order.ship", Order.class)
            .call(
                (order, io) ->
                    io.runTask(
                        "ship",
                        String.class,
                        () -> shipped.incrementAndGet() + " " + order.item()));
    try (RunlogEngine engine = cluster.engine("send");
        Worker worker =
            Runlog.worker(announce, shipping).config(cluster.worker("send", "w")).start()) {
      Api api = new Api(engine.url());
      api.awaitJob("order.placed");
      api.awaitJob("order.ship");
      Event placed = Event.of("order.placed", new Order("book")).id("placed-1");
      worker.send(placed);
      worker.send(placed); // the same id again: no second run

      JsonNode run = api.awaitRunOfEvent("placed-1", "SUCCESS");
      String shipEventId = run.path("output").asText();
      JsonNode ship = api.awaitRunOfEvent(shipEventId, "SUCCESS");
      assertEquals("\"1 book\"", ship.path("output").toString());
      Instant sentBy = Instant.parse(run.path("startedAt").asText());
      assertFalse(
          Instant.parse(ship.path("startedAt").asText()).isBefore(sentBy.plusSeconds(1)),
          "delivered after its delay");
      JsonNode runs = api.get("/api/events/placed-1/runs").body().path("runs");
      assertEquals(1, runs.size(), "one run for the event sent twice: " + runs);
    }
    assertEquals(1, shipped.get(), "the replay after the sleep did not send the event again");
  }
}
