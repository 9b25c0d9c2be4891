package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.schedule.ScheduleState;
import dev.runlog.engine.source.SourceState;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.JobSchedule;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schedule processor on the whole topology, its wall clock driven by the test: a tick fires
 * once, downtime follows the catch-up policy, pause, resume and delete act at once, and the
 * schedules jobs declare come and go with their jobs.
 */
class ScheduleTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Topics topics = new Topics("t");
  private final SourceStatuses statuses =
      new SourceStatuses(new SimpleMeterRegistry(), Clock.systemUTC());
  private TopologyTestDriver driver;
  private TestInputTopic<String, JobDefinition> jobs;
  private TestInputTopic<String, byte[]> sources;
  private TestOutputTopic<String, TriggerEvent> triggers;
  private TestOutputTopic<String, SourceDefinition> sourcesOut;
  private TestOutputTopic<String, RunEvent> runEvents;
  private TestOutputTopic<byte[], DeadLetter> deadLetters;
  private KeyValueStore<String, ScheduleState> schedules;
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir;

  @BeforeEach
  void setUp() {
    Properties props = DriverTopics.settings("schedule-topology-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(
                TestTopologyOptions.of(topics, new RunCounters()).withSourceStatuses(statuses)),
            props,
            T0);
    jobs = DriverTopics.jobs(driver, topics);
    jobs.pipeInput("report", JobDefinition.of("report", "1", "report.daily", T0));
    sources =
        driver.createInputTopic(
            topics.sources().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    triggers =
        driver.createOutputTopic(
            topics.triggers().name(),
            Serdes.String().deserializer(),
            (topic, bytes) -> Codecs.TRIGGER_EVENT.decode(bytes));
    sourcesOut =
        driver.createOutputTopic(
            topics.sources().name(),
            Serdes.String().deserializer(),
            (topic, bytes) -> bytes == null ? null : Codecs.SOURCE_DEFINITION.decode(bytes));
    runEvents = DriverTopics.runEventsOut(driver, topics);
    deadLetters = DriverTopics.deadLetters(driver, topics);
    schedules = driver.getKeyValueStore(ScheduleProcessor.STORE);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void define(String id, boolean paused, String spec) {
    sources.pipeInput(
        id,
        Codecs.SOURCE_DEFINITION.encode(
            new SourceDefinition(id, SourceKind.SCHEDULE, paused, spec, now())));
  }

  private Instant now() {
    return T0.plus(elapsed);
  }

  private Duration elapsed = Duration.ZERO;

  private void advance(Duration d) {
    elapsed = elapsed.plus(d);
    driver.advanceWallClockTime(d);
  }

  private void seconds(int n) {
    for (int i = 0; i < n; i++) {
      advance(Duration.ofSeconds(1));
    }
  }

  private List<String> firedIds() {
    return triggers.readValuesToList().stream().map(TriggerEvent::id).toList();
  }

  private static String tick(String id, int secondsAfterT0) {
    return "schedule:" + id + ":" + T0.plusSeconds(secondsAfterT0).toEpochMilli();
  }

  @Test
  void eachTickFiresOnceAndStartsOneRunWithTheTickAsItsPayload() throws Exception {
    define("every-second", false, "{\"intervalSeconds\": 1, \"job\": \"report\"}");
    assertEquals(T0.plusSeconds(1), schedules.get("every-second").nextTick());
    assertEquals(List.of(), firedIds());

    seconds(3);
    List<TriggerEvent> fired = triggers.readValuesToList();
    assertEquals(
        List.of(tick("every-second", 1), tick("every-second", 2), tick("every-second", 3)),
        fired.stream().map(TriggerEvent::id).toList());
    TriggerEvent second = fired.get(1);
    assertEquals("report", second.job());
    assertEquals("report.daily", second.name());
    assertEquals("schedule:every-second", second.source());
    assertEquals(T0.plusSeconds(2), second.timestamp());
    JsonNode payload = JsonSerde.MAPPER.readTree(second.payload());
    assertEquals("every-second", payload.path("scheduleId").asText());
    assertEquals(T0.plusSeconds(2).toString(), payload.path("scheduledAt").asText());
    assertEquals(T0.plusSeconds(1).toString(), payload.path("lastFiredAt").asText());
    assertTrue(
        JsonSerde.MAPPER.readTree(fired.get(0).payload()).path("lastFiredAt").isNull(),
        "the first tick fired before no other");

    List<RunEvent> created =
        runEvents.readValuesToList().stream()
            .filter(e -> e.body() instanceof RunEventBody.RunCreated)
            .toList();
    assertEquals(3, created.size(), "one run per tick");
    ScheduleState state = schedules.get("every-second");
    assertEquals(3, state.fired());
    assertEquals(T0.plusSeconds(3), state.lastFiredAt());
    assertEquals(T0.plusSeconds(4), state.nextTick());
    assertEquals(SourceState.RUNNING, statuses.get("every-second").orElseThrow().state());
  }

  @Test
  void aTickFiredAgainMakesNoSecondRun() {
    define("s", false, "{\"intervalSeconds\": 1, \"job\": \"report\"}");
    seconds(1);
    TriggerEvent first = triggers.readValue();
    // the same tick sent again (a producer retry, a zombie task): the engine dedupes by event id
    DriverTopics.triggers(driver, topics)
        .pipeInput(
            first.id().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Codecs.TRIGGER_EVENT.encode(first));
    KeyValueStore<String, ReceivedEvent> events =
        driver.getKeyValueStore(TriggerProcessor.EVENTS_STORE);
    assertEquals(1, events.get(first.id()).runIds().size());
    assertEquals(
        1,
        ExecutionsOut.of(driver, topics, "report").readValuesToList().size(),
        "one execution dispatched");
  }

  @Test
  void afterDowntimeSkipDropsTheMissedTicksAndNeverBursts() {
    define("s", false, "{\"intervalSeconds\": 1, \"event\": \"tick\"}");
    seconds(1);
    assertEquals(List.of(tick("s", 1)), firedIds());
    advance(Duration.ofSeconds(30)); // no punctuation for 30 s: the engine was down
    assertEquals(
        List.of(
            tick("s", 26),
            tick("s", 27),
            tick("s", 28),
            tick("s", 29),
            tick("s", 30),
            tick("s", 31)),
        firedIds(),
        "the ticks of the last 5 s (the least tolerance) fire, the older ones are skipped");
    seconds(1);
    assertEquals(List.of(tick("s", 32)), firedIds());
  }

  @Test
  void afterDowntimeOnceRunsOneForTheLatestMissedTick() throws Exception {
    define("s", false, "{\"intervalSeconds\": 1, \"event\": \"tick\", \"catchUp\": \"once\"}");
    seconds(1);
    triggers.readValuesToList();
    advance(Duration.ofHours(2)); // 7,200 ticks missed: one run stands for them
    List<TriggerEvent> fired = triggers.readValuesToList();
    assertEquals(
        List.of(
            tick("s", 7195),
            tick("s", 7196),
            tick("s", 7197),
            tick("s", 7198),
            tick("s", 7199),
            tick("s", 7200),
            tick("s", 7201)),
        fired.stream().map(TriggerEvent::id).toList());
    assertTrue(JsonSerde.MAPPER.readTree(fired.get(0).payload()).path("catchUp").asBoolean());
    assertTrue(!JsonSerde.MAPPER.readTree(fired.get(1).payload()).path("catchUp").asBoolean());
  }

  @Test
  void pauseStopsTicksAtOnceResumeGoesOnFromNowAndDeleteEndsIt() {
    String spec = "{\"intervalSeconds\": 1, \"event\": \"tick\"}";
    define("s", false, spec);
    seconds(2);
    assertEquals(List.of(tick("s", 1), tick("s", 2)), firedIds());

    define("s", true, spec);
    assertEquals(SourceState.PAUSED, statuses.get("s").orElseThrow().state());
    seconds(5);
    assertEquals(List.of(), firedIds());

    define("s", false, spec); // at 7 s: the ticks while paused are not caught up
    seconds(2);
    assertEquals(List.of(tick("s", 8), tick("s", 9)), firedIds());
    assertEquals(4, schedules.get("s").fired());

    sources.pipeInput("s", (byte[]) null);
    assertNull(schedules.get("s"));
    seconds(3);
    assertEquals(List.of(), firedIds());
    assertTrue(statuses.get("s").isEmpty(), "a deleted schedule's status is forgotten");
  }

  @Test
  void aChangeThatKeepsTheTimingKeepsTheNextTickAndANewTimingStartsFromNow() {
    define("s", false, "{\"intervalSeconds\": 10, \"event\": \"tick\"}");
    assertEquals(T0.plusSeconds(10), schedules.get("s").nextTick());
    seconds(3);
    define("s", false, "{\"intervalSeconds\": 10, \"event\": \"tick\", \"payload\": {\"a\": 1}}");
    assertEquals(T0.plusSeconds(10), schedules.get("s").nextTick());
    define("s", false, "{\"cron\": \"0 0 12 * * *\", \"timezone\": \"UTC\", \"event\": \"tick\"}");
    assertEquals(Instant.parse("2026-11-23T12:00:00Z"), schedules.get("s").nextTick());
  }

  @Test
  void aCronScheduleFiresAtItsTimesInItsZone() {
    // 11:00 in Berlin is 10:00 UTC, T0
    define(
        "berlin",
        false,
        "{\"cron\": \"0 0 11 * * *\", \"timezone\": \"Europe/Berlin\", \"event\": \"x\"}");
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), schedules.get("berlin").nextTick());
    advance(Duration.ofHours(23).plusMinutes(59).plusSeconds(59));
    assertEquals(List.of(), firedIds());
    seconds(1);
    assertEquals(
        List.of("schedule:berlin:" + Instant.parse("2026-11-24T10:00:00Z").toEpochMilli()),
        firedIds());
  }

  @Test
  void aSpecThatDoesNotParseFailsWithItsReasonAndTicksNothing() {
    define("bad", false, "{\"cron\": \"0 25 * * *\", \"event\": \"x\"}");
    ScheduleState bad = schedules.get("bad");
    assertTrue(bad.failure().contains("does not parse"), bad.failure());
    assertNull(bad.nextTick());
    var status = statuses.get("bad").orElseThrow();
    assertEquals(SourceState.FAILING, status.state());
    assertTrue(status.reason().contains("does not parse"), status.reason());
    define("good", false, "{\"intervalSeconds\": 1, \"event\": \"x\"}");
    seconds(1);
    assertEquals(List.of(tick("good", 1)), firedIds(), "the others go on");
  }

  @Test
  void anUnreadableSourceRecordIsADeadLetterAndOtherKindsAreNotSchedules() {
    sources.pipeInput("junk", new byte[] {1, 2, 3});
    assertEquals(1, deadLetters.readValuesToList().size());
    sources.pipeInput(
        "hook",
        Codecs.SOURCE_DEFINITION.encode(
            new SourceDefinition("hook", SourceKind.WEBHOOK, false, "{}", T0)));
    assertNull(schedules.get("hook"));
    seconds(1);
    assertEquals(List.of(), firedIds());
  }

  @Test
  void aJobSchedulesAreWrittenAsSourcesAndRemovedWithTheirDeclaration() {
    JobDefinition declared =
        JobDefinition.of("report", "2", "report.daily", T0)
            .withSchedules(
                List.of(
                    new JobSchedule(null, null, 1_000L, null),
                    new JobSchedule("0 0 9 * * MON-FRI", "Europe/Berlin", null, "once")));
    jobs.pipeInput("report", declared);
    seconds(1);
    List<SourceDefinition> written = sourcesOut.readValuesToList();
    assertEquals(
        List.of("job:report:1", "job:report:2"),
        written.stream().map(SourceDefinition::id).toList());
    assertTrue(written.get(0).spec().contains("\"declaredBy\":\"report\""), written.get(0).spec());
    assertNotNull(schedules.get("job:report:1"));
    assertEquals(Instant.parse("2026-11-24T08:00:00Z"), schedules.get("job:report:2").nextTick());

    seconds(2);
    List<TriggerEvent> fired = triggers.readValuesToList();
    assertTrue(fired.size() >= 2, "the interval ticks: " + fired);
    assertTrue(fired.stream().allMatch(e -> "report".equals(e.job())));

    // registered again unchanged: nothing written
    jobs.pipeInput("report", declared);
    seconds(1);
    assertEquals(List.of(), sourcesOut.readValuesToList());

    // the interval removed from the code: its schedule goes, the cron stays (now number 1)
    jobs.pipeInput(
        "report",
        JobDefinition.of("report", "3", "report.daily", T0)
            .withSchedules(
                List.of(new JobSchedule("0 0 9 * * MON-FRI", "Europe/Berlin", null, "once"))));
    seconds(1);
    List<org.apache.kafka.streams.test.TestRecord<String, SourceDefinition>> changes =
        sourcesOut.readRecordsToList();
    assertEquals(2, changes.size(), "number 1 changed, number 2 deleted: " + changes);
    assertEquals("job:report:2", changes.get(1).key());
    assertNull(changes.get(1).value());
    assertNull(schedules.get("job:report:2"));
    assertTrue(schedules.get("job:report:1").spec().contains("MON-FRI"));

    // the job deleted: its schedules go too
    jobs.pipeInput("report", (JobDefinition) null);
    seconds(1);
    assertNull(schedules.get("job:report:1"));
    triggers.readValuesToList();
    seconds(2);
    assertEquals(List.of(), firedIds());
  }
}
