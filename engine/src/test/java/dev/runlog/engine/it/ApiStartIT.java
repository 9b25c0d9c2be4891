package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Runs that {@code POST /api/events} starts itself, without the engine's transaction: a run is made
 * once and its task runs once however many copies of its start are written, and a copy of an
 * execution that the engine sends again after it ran is not run again.
 */
class ApiStartIT extends OnRealBroker {
  @Test
  void anEventPostedThreeTimesAtOnceMakesOneRunWhoseTaskRunsOnce() throws Exception {
    SideEffects effects = new SideEffects();
    String prefix = "apistart";
    int events = 20;
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try (RunlogEngine engine = cluster.engine(prefix);
        Worker worker =
            Worker.start(cluster.worker(prefix, "w1"), List.of(job("api.once", effects)))) {
      Api api = new Api(engine.url());
      api.awaitJob("once-api.once");
      for (int i = 0; i < events; i++) {
        String body =
            "{\"name\":\"api.once\",\"id\":\"thrice-" + i + "\",\"payload\":{\"item\":\"x\"}}";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) { // before the engine has read any of them
          answers.add(
              clients.submit(
                  () -> {
                    go.await();
                    return api.post("/api/events", body);
                  }));
        }
        go.countDown();
        for (Future<Api.Answer> answer : answers) {
          assertEquals(202, answer.get().status(), answer.get().body().toString());
        }
        // the engine reads the partition to its end: the next event's copies may all be started
        // by the API, each before it can see the others
        api.awaitRunOfEvent("thrice-" + i, "SUCCESS");
      }
      for (int i = 0; i < events; i++) {
        api.awaitRunOfEvent("thrice-" + i, "SUCCESS");
        String eventId = "thrice-" + i;
        api.await(
            "/api/events/" + eventId,
            a -> a.status() == 200 && a.body().path("deliveries").asInt() == 3);
        assertEquals(
            1,
            api.get("/api/events/" + eventId + "/runs").body().path("runs").size(),
            "one run of " + eventId);
      }
      // the first event of each partition takes the engine's path: the API starts runs itself once
      // the engine has read the partition to its end
      long byApi =
          cluster.events(prefix, null).stream()
              .filter(e -> e.body() instanceof RunEventBody.RunCreated)
              .filter(e -> e.origin() == Origin.API)
              .map(RunEvent::runId)
              .distinct()
              .count();
      assertTrue(byApi > 0, "runs the API made");
    } finally {
      clients.shutdownNow();
    }
    effects.assertEachOnce(events);
  }

  @Test
  void aCopyTheEngineSendsAgainAfterItsExecutionRanElsewhereIsNotRunAgain() throws Exception {
    SideEffects effects = new SideEffects();
    String prefix = "apiresent";
    Topics topics = new Topics(prefix);
    String runId = RunIds.of("resent-1", "once-api.resent");
    try (RunlogEngine engine = cluster.engine(prefix);
        LogCapture logs = LogCapture.start()) {
      Api api = new Api(engine.url());
      try (Worker first =
          Worker.start(cluster.worker(prefix, "w1"), List.of(job("api.resent", effects)))) {
        api.awaitJob("once-api.resent");
        assertEquals(
            202,
            api.post(
                    "/api/events",
                    "{\"name\":\"api.resent\",\"id\":\"resent-1\",\"payload\":{\"item\":\"x\"}}")
                .status());
        api.awaitRunOfEvent("resent-1", "SUCCESS");
      }
      // The next worker takes the partitions over: a run it makes shows it reads them
      try (Worker next =
          Worker.start(cluster.worker(prefix, "w2"), List.of(job("api.resent", effects)))) {
        api.post(
            "/api/events",
            "{\"name\":\"api.resent\",\"id\":\"probe\",\"payload\":{\"item\":\"x\"}}");
        api.awaitRunOfEvent("probe", "SUCCESS");
        // then the engine's copy of the first run's execution 1 arrives, as after a lease in which
        // it heard from no worker: new to this worker, which reads the log before it runs it
        byte[] original =
            cluster.values(topics.executions("once-api.resent").name()).stream()
                .filter(v -> Codecs.EXECUTE_RUN.decode(v).runId().equals(runId))
                .findFirst()
                .orElseThrow();
        ExecuteRun execution = Codecs.EXECUTE_RUN.decode(original);
        ProducerRecord<String, byte[]> copy =
            new ProducerRecord<>(topics.executions("once-api.resent").name(), runId, original);
        copy.headers().add(ExecuteRun.RESENT_HEADER, new byte[] {1});
        try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
          producer.send(copy).get();
        }
        byte[] skipped =
            ("run " + runId + " execution " + execution.execution() + " is already finished")
                .getBytes(StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plus(Api.DEADLINE);
        while (!logs.contains(skipped) && effects.total() == 2) { // skipped, or run again
          assertTrue(Instant.now().isBefore(deadline), "the copy was never read");
          Api.pause();
        }
      }
    }
    effects.assertEachOnce(2); // the run's task and the probe's, once each
  }

  private static Job<Order> job(String event, SideEffects effects) {
    return Job.define(
        "once-" + event,
        event,
        Order.class,
        (order, io, ctx) -> {
          io.runTask("a", () -> effects.happened(ctx.runId(), "a"));
          return "done";
        });
  }
}
