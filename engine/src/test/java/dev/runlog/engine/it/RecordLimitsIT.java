package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/**
 * Runs whose data outgrows Kafka's 1 MiB record limit, on a real broker (which enforces it): each
 * fails once, saying why, its task's code run once; the engine goes on with the next runs. Before
 * the limits, a run whose completed outputs passed 1 MiB failed every transaction of its partition
 * for ever (a stream thread replaced every ten seconds), and a task output over 1 MiB made its task
 * run again at every lease.
 */
class RecordLimitsIT extends OnRealBroker {
  private static final String PREFIX = "limits";

  @Test
  void runsOverTheRecordLimitFailSayingWhyAndTheEngineGoesOn() throws Exception {
    AtomicInteger hugeOutputs = new AtomicInteger();
    Job<Order> job =
        Job.define(
            "big",
            "limits.big",
            Order.class,
            (order, io, ctx) ->
                switch (order.item()) {
                  case "one huge output" ->
                      io.runTask(
                          "export",
                          String.class,
                          () -> {
                            hugeOutputs.incrementAndGet();
                            return "y".repeat(1_500_000);
                          });
                  case "many large outputs" -> {
                    for (int i = 0; i < 30; i++) { // 1.8 MB in all, each 60 KB
                      io.runTask("part " + i, String.class, () -> "z".repeat(60_000));
                    }
                    io.sleep("nap", Duration.ofMillis(200)); // its replay needs them all
                    yield io.runTask("last", String.class, () -> "done");
                  }
                  default -> io.runTask("hello", String.class, () -> "hello " + order.item());
                });
    try (RunlogEngine engine = cluster.engine(PREFIX);
        Worker worker = Worker.start(cluster.worker(PREFIX, "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("big");

      String huge = client.send("limits.big", new Order("one huge output"));
      String many = client.send("limits.big", new Order("many large outputs"));
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.send("limits.big", new Order("x".repeat(1_030_000))));
      assertTrue(refused.getMessage().contains("bytes as JSON text"), refused.getMessage());
      String after = client.send("limits.big", new Order("after"));

      JsonNode failed = api.awaitRunOfEvent(huge, "FAILURE");
      assertTrue(
          failed.path("error").path("message").asText().contains("bytes an output may have"),
          failed.path("error").toString());
      assertEquals(1, hugeOutputs.get(), "the task's code ran once");
      JsonNode tooLarge = api.awaitRunOfEvent(many, "FAILURE");
      assertEquals("RunTooLarge", tooLarge.path("error").path("type").asText());
      assertEquals("hello after", api.awaitRunOfEvent(after, "SUCCESS").path("output").asText());
      String next = client.send("limits.big", new Order("next"));
      assertEquals("hello next", api.awaitRunOfEvent(next, "SUCCESS").path("output").asText());
      assertEquals(1, hugeOutputs.get(), "and not again");
      String metrics = api.text("/metrics");
      assertTrue(
          metrics.contains("runlog_stream_threads_replaced_total 0.0"),
          "a stream thread died:\n" + metrics);
    }
  }
}
