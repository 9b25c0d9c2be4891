package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Topics deleted under a running engine (by hand, or by a tool that tidies topics). One of the
 * engine's own: the engine stops, saying which, instead of answering ready while its global
 * consumer fetches in a loop (a core busy, thousands of warnings a second) or its stream threads
 * are replaced for ever; started again on the same state, it creates the topic, and a worker that
 * ran on meanwhile registers its jobs on it again. A job's executions topic: the engine makes it
 * again, and the runs its dispatch held go on.
 */
class DeletedTopicIT extends OnRealBroker {
  private static final String PREFIX = "gone";

  @Test
  void anEngineWhoseJobsTopicIsDeletedStopsAndStartsAgainOnItsState() throws Exception {
    Job<Order> job =
        Job.define(
            "tidy",
            "gone.order",
            Order.class,
            (order, io, ctx) -> io.runTask("pack", String.class, () -> "packed " + order.item()));
    String jobs = new Topics(PREFIX).jobs().name();
    // the worker runs on through the engine's stop and start: it registers its job again on the
    // topic made again
    try (Worker worker = Worker.start(cluster.worker(PREFIX, "w"), List.of(job))) {
      try (RunlogEngine engine = cluster.engine(PREFIX)) {
        new Api(engine.url()).awaitJob("tidy");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
          admin.deleteTopics(List.of(jobs)).all().get();
        }
        Optional<String> why =
            CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        return engine.awaitStop();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .get(Api.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(why.orElseThrow().contains(jobs), "stopped for: " + why);
        Api.Answer live = new Api(engine.url()).get("/health/live");
        assertEquals(503, live.status(), live.toString());
        assertTrue(live.body().toString().contains(jobs), live.toString());
      }
      try (RunlogEngine again = cluster.engine(PREFIX);
          RunlogClient client =
              RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of())) {
        Api api = new Api(again.url());
        api.awaitJob("tidy");
        String eventId = client.send("gone.order", new Order("socks"));
        assertEquals(
            "packed socks",
            api.awaitRunOfEvent(eventId, "SUCCESS").path("output").asText(),
            "a run after the restart");
      }
    }
  }

  @Test
  void aJobsExecutionsTopicDeletedIsMadeAgainAndItsRunsRun() throws Exception {
    String prefix = "gone-executions";
    Job<Order> job =
        Job.define(
            "ship",
            "gone.ship",
            Order.class,
            (order, io, ctx) -> io.runTask("ship", String.class, () -> "shipped " + order.item()));
    try (RunlogEngine engine = cluster.engine(prefix);
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("ship");
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
        admin.deleteTopics(List.of(new Topics(prefix).executions("ship").name())).all().get();
      }
      // its dispatch waits for the topic (and so does the stream thread) until the engine makes it
      String eventId = client.send("gone.ship", new Order("boots"));
      assertEquals(
          "shipped boots", api.awaitRunOfEvent(eventId, "SUCCESS").path("output").asText());
      assertEquals(Optional.empty(), engine.notReadyReason(), "the engine goes on");
    }
  }
}
