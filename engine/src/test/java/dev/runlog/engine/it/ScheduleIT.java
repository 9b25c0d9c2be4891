package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Schedule;
import dev.runlog.sdk.ScheduledTick;
import dev.runlog.sdk.Worker;
import dev.runlog.testkit.TopicContents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Schedules on a real broker: a one-second interval over an engine restart starts exactly one run
 * per tick, and the ticks are contiguous but for the downtime; a schedule declared on a job comes
 * with the job and answers the API like the others.
 */
class ScheduleIT extends OnRealBroker {

  @Test
  void aOneSecondIntervalOverAnEngineRestartStartsOneRunPerTickAndNoneTwice() {
    String prefix = "sched-restart";
    Job<ScheduledTick> job =
        Job.on("tick.every", ScheduledTick.class)
            .run((tick, io) -> io.runTask("seen", () -> tick.scheduledAt()));
    int before;
    try (Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(job))) {
      try (RunlogEngine engine = cluster.engine(prefix)) {
        Api api = new Api(engine.url());
        api.awaitJob("tick.every");
        Api.Answer created =
            api.post(
                "/api/schedules",
                "{\"id\": \"every-second\", \"intervalSeconds\": 1, \"job\": \"tick.every\"}");
        assertEquals(201, created.status(), created.body().toString());
        JsonNode view = awaitFired(api, 3);
        before = view.path("fired").asInt();
      }
      // Down for longer than a one-second schedule's tolerance (5 s): the ticks in between are
      // missed, and skipped. This wait is the scenario (time passing with no engine), not a sync.
      LockSupport.parkNanos(Duration.ofSeconds(6).toNanos());
      try (RunlogEngine again = cluster.engine(prefix)) {
        Api api = new Api(again.url());
        awaitFired(api, before + 3);
        Api.Answer deleted = api.delete("/api/schedules/every-second");
        assertEquals(200, deleted.status(), deleted.body().toString());
        // the trigger processor, in other tasks, reads the ticks' events after they were sent
        for (TriggerEvent tick : ticks(prefix, "schedule:every-second")) {
          api.await(
              "/api/events/" + tick.id() + "/runs",
              a -> a.status() == 200 && a.body().path("runs").size() == 1);
        }
      }
    }

    List<TriggerEvent> ticks = ticks(prefix, "schedule:every-second");
    Map<String, Long> perEvent =
        ticks.stream().collect(Collectors.groupingBy(TriggerEvent::id, Collectors.counting()));
    assertTrue(perEvent.values().stream().allMatch(n -> n == 1), "a tick sent twice: " + perEvent);

    Map<String, Long> runsPerTick = new TreeMap<>();
    Map<String, Set<String>> runIdsPerTick = new TreeMap<>();
    for (RunEvent e : cluster.events(prefix, null)) {
      if (e.body() instanceof RunEventBody.RunCreated c && perEvent.containsKey(c.eventId())) {
        runsPerTick.merge(c.eventId(), 1L, Long::sum);
        runIdsPerTick.computeIfAbsent(c.eventId(), k -> new java.util.TreeSet<>()).add(e.runId());
      }
    }
    assertEquals(perEvent.keySet(), runsPerTick.keySet(), "every tick started a run");
    assertTrue(
        runsPerTick.values().stream().allMatch(n -> n == 1),
        "a tick created a run twice: " + runsPerTick);
    assertTrue(runIdsPerTick.values().stream().allMatch(ids -> ids.size() == 1));

    List<Instant> times = ticks.stream().map(TriggerEvent::timestamp).sorted().toList();
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      Duration gap = Duration.between(times.get(i - 1), times.get(i));
      if (!gap.equals(Duration.ofSeconds(1))) {
        gaps.add(gap);
      }
    }
    assertEquals(1, gaps.size(), "contiguous ticks but for the downtime: " + times);
    assertTrue(
        gaps.get(0).compareTo(Duration.ofSeconds(3)) > 0,
        "the downtime's ticks were skipped: " + gaps);
  }

  @Test
  void aScheduleDeclaredOnAJobComesWithItAndIsPausedResumedAndRefusedDeletion() {
    String prefix = "sched-declared";
    Job<ScheduledTick> job =
        Job.on("declared.tick", ScheduledTick.class)
            .run((tick, io) -> io.runTask("seen", () -> tick.scheduleId()))
            .every(Duration.ofSeconds(1))
            .cron("0 0 9 * * MON-FRI", "Europe/Berlin");
    try (RunlogEngine engine = cluster.engine(prefix);
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(job))) {
      Api api = new Api(engine.url());
      JsonNode every = awaitFired(api, "job:declared.tick:1", 2);
      assertEquals("declared.tick", every.path("declaredBy").asText());
      assertEquals("PT1S", every.path("interval").asText());
      JsonNode cron = api.get("/api/schedules/job:declared.tick:2").body();
      assertEquals("RUNNING", cron.path("state").asText(), cron.toString());
      assertEquals("Europe/Berlin", cron.path("timezone").asText());
      assertTrue(!cron.path("nextTick").isNull(), cron.toString());

      Api.Answer refused = api.delete("/api/schedules/job:declared.tick:1");
      assertEquals(409, refused.status());
      assertTrue(refused.body().path("error").asText().contains("declared in the code"));

      Api.Answer paused = api.post("/api/schedules/job:declared.tick:1/pause", "{}");
      assertEquals(200, paused.status(), paused.body().toString());
      JsonNode stopped =
          api.await(
              "/api/schedules/job:declared.tick:1",
              a -> "PAUSED".equals(a.body().path("state").asText()));
      assertTrue(stopped.path("nextTick").isNull());
      Api.Answer resumed = api.post("/api/schedules/job:declared.tick:1/resume", "{}");
      assertEquals(200, resumed.status());
      awaitFired(api, "job:declared.tick:1", stopped.path("fired").asInt() + 1);

      Api.Answer bad =
          api.post(
              "/api/schedules", "{\"id\": \"bad\", \"cron\": \"0 9 * * FRX\", \"job\": \"x\"}");
      assertEquals(400, bad.status());
      assertTrue(
          bad.body().path("error").asText().contains("does not parse"), bad.body().toString());

      // created at runtime from code, like io.registerCron, then deleted
      try (RunlogClient client =
          RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
        client.schedule(
            "from-code",
            Schedule.every(Duration.ofSeconds(1)),
            "declared.tick",
            Map.of("origin", "client"));
        JsonNode fromCode = awaitFired(api, "from-code", 1);
        assertEquals("client", fromCode.path("payload").path("origin").asText());
        client.unschedule("from-code");
        api.await("/api/schedules/from-code", a -> a.status() == 404);
      }
      JsonNode listed = api.get("/api/schedules").body().path("schedules");
      assertEquals(2, listed.size(), listed.toString());
    }
  }

  private static JsonNode awaitFired(Api api, int atLeast) {
    return awaitFired(api, "every-second", atLeast);
  }

  private static JsonNode awaitFired(Api api, String id, int atLeast) {
    return api.await(
        "/api/schedules/" + id,
        a -> a.status() == 200 && a.body().path("fired").asInt() >= atLeast);
  }

  /** The trigger events on the triggers topic from {@code source}, in partition order. */
  private List<TriggerEvent> ticks(String prefix, String source) {
    return TopicContents.read(cluster.bootstrapServers(), new Topics(prefix).triggers().name())
        .stream()
        .map(record -> Codecs.TRIGGER_EVENT.decode(record.value()))
        .filter(e -> source.equals(e.source()))
        .toList();
  }
}
