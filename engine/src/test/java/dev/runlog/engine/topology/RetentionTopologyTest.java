package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.index.EventTimeIndex;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.retention.Expired;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished runs expire from every store after the retention; nothing else does. */
class RetentionTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration KEEP = Duration.ofHours(1);
  private final Topics topics = new Topics("t");
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, RunEvent> runEvents;
  private Instant now = T0;

  @BeforeEach
  void setUp() {
    driver = start(stateDir, T0);
    DriverTopics.jobs(driver, topics)
        .pipeInput("hello", JobDefinition.of("hello", "1", "demo.hello", T0));
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void aFinishedRunExpiresFromEveryStoreAndLeavesAMarkerThatGoesInTurn() {
    String runId = finishedRun("evt-1", T0);
    Map<String, List<String>> before = keysOf(runId, "evt-1");
    for (String store :
        List.of(
            RunStores.RUNS,
            RunStores.INPUTS,
            RunStores.TASKS,
            RunStores.WAITS,
            "run-history",
            "run-logs",
            JobRunIndex.RUNS,
            JobRunIndex.COUNTS,
            PayloadIndex.STORE,
            TriggerProcessor.EVENTS_STORE,
            EventTimeIndex.STORE,
            RunExpiry.TIMERS)) {
      assertTrue(
          before.containsKey(store),
          "the run has a record in " + store + " before it expires: " + before);
    }

    advanceTo(T0.plus(KEEP).minusSeconds(1));
    assertNotNull(runs().get(runId), "kept until its retention is over");

    advanceTo(T0.plus(KEEP).plusSeconds(1));
    assertNull(runs().get(runId));
    Map<String, List<String>> after = keysOf(runId, "evt-1");
    assertEquals(
        List.of(RunExpiry.TIMERS, RunExpiry.MARKERS, EventExpiry.TIMERS, EventExpiry.MARKERS),
        List.copyOf(after.keySet()),
        "only the markers and their forget timers are left: " + after);
    Expired marker = this.<Expired>store(RunExpiry.MARKERS).get(runId);
    assertEquals(KEEP.toMillis(), marker.keptForMs());
    assertTrue(
        marker.runMessage(runId).contains("finished runs are kept 1 hour"),
        marker.runMessage(runId));
    assertNotNull(
        this.<Expired>store(EventExpiry.MARKERS).get("evt-1"),
        "the event's record went with its only run");

    advanceTo(T0.plus(KEEP).plus(KEEP).plusSeconds(2));
    assertEquals(
        Map.of(), nonEmptyStores(), "the markers expire in turn: nothing is left of the run");
  }

  @Test
  void aStrayEventForARunThatExpiredFindsNoRun() {
    String runId = finishedRun("evt-stray", T0);
    runEvents.pipeInput( // read with the header, which the run processor keeps in memory
        worker(runId, 2, new RunEventBody.TaskCompleted("late", "\"x\"", now, 1), now));
    advanceTo(T0.plus(KEEP).plusSeconds(1));
    assertNull(runs().get(runId), "expired");

    runEvents.pipeInput(
        worker(runId, 2, new RunEventBody.TaskCompleted("later", "\"x\"", now, 1), now));
    assertNull(runs().get(runId), "not made again from a header kept in memory");
    assertEquals(
        List.of(RunExpiry.TIMERS, RunExpiry.MARKERS, EventExpiry.TIMERS, EventExpiry.MARKERS),
        List.copyOf(keysOf(runId, "evt-stray").keySet()),
        "nothing of the run but its markers");
  }

  @Test
  void anUnfinishedRunIsKeptHoweverOld() {
    sendEvent("evt-wait");
    String runId = RunIds.of("evt-wait", "hello");
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.TaskCompleted("fetch", "1", T0, 1), T0));
    runEvents.pipeInput(
        worker(
            runId, 1, new RunEventBody.WaitRequested("a-month", T0.plus(Duration.ofDays(30))), T0));
    for (int hour = 1; hour <= 5; hour++) {
      advanceTo(T0.plus(Duration.ofHours(hour)));
    }
    assertEquals(RunStatus.WAITING, runs().get(runId).status());
    assertNotNull(
        this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("evt-wait"),
        "its event's record stays with it");
    assertTrue(keysOf(runId, "evt-wait").containsKey(RunStores.TASKS));
  }

  @Test
  void aRunThatFinishesLaterExpiresLater() {
    String early = finishedRun("evt-early", T0);
    advanceTo(T0.plus(Duration.ofMinutes(30)));
    String late = finishedRun("evt-late", now);

    advanceTo(T0.plus(KEEP).plusSeconds(1));
    assertNull(runs().get(early));
    assertNotNull(runs().get(late), "finished half an hour later, kept half an hour longer");
    assertNotNull(this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("evt-late"));

    advanceTo(T0.plus(Duration.ofMinutes(90)).plusSeconds(1));
    assertNull(runs().get(late));
    assertNull(this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("evt-late"));
  }

  @Test
  void anEventThatStartedNoRunExpiresAfterTheRetention() {
    triggers.pipeInput(
        "lonely".getBytes(StandardCharsets.UTF_8),
        "{\"name\":\"nobody.listens\",\"id\":\"lonely\"}".getBytes(StandardCharsets.UTF_8));
    advanceTo(T0.plus(KEEP).minusSeconds(1));
    assertNotNull(this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("lonely"));
    advanceTo(T0.plus(KEEP).plusSeconds(1));
    assertNull(this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("lonely"));
    assertNotNull(this.<Expired>store(EventExpiry.MARKERS).get("lonely"));
  }

  @Test
  void anEventWithTwoRunsGoesWithTheLastOfThem() {
    DriverTopics.jobs(driver, topics)
        .pipeInput("hello-too", JobDefinition.of("hello-too", "1", "demo.hello", T0));
    sendEvent("evt-two");
    String first = RunIds.of("evt-two", "hello");
    String second = RunIds.of("evt-two", "hello-too");
    runEvents.pipeInput(worker(first, 1, new RunEventBody.RunSucceeded("1"), T0));
    advanceTo(T0.plus(Duration.ofMinutes(10)));
    runEvents.pipeInput(worker(second, 1, new RunEventBody.RunSucceeded("2"), now));

    advanceTo(T0.plus(KEEP).plusSeconds(1));
    assertNull(runs().get(first));
    ReceivedEvent event = this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("evt-two");
    assertEquals(List.of(second), event.runIds(), "kept while one of its runs is");
    advanceTo(T0.plus(Duration.ofMinutes(70)).plusSeconds(1));
    assertNull(this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("evt-two"));
  }

  @Test
  void theScheduleSurvivesARestart() {
    String runId = finishedRun("evt-restart", T0);
    advanceTo(T0.plus(Duration.ofMinutes(10)));
    // A restart: a new instance, with new processors and nothing in memory (the timer scans start
    // from
    // the first key again), whose stores are restored from the changelogs the first one wrote.
    Map<String, List<TestRecord<byte[], byte[]>>> changelogs = new TreeMap<>();
    for (String topic : driver.producedTopicNames()) {
      if (topic.endsWith("-changelog")) {
        changelogs.put(
            topic,
            driver
                .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList());
      }
    }
    driver.close();
    deleteTree(stateDir);
    driver = start(stateDir, now);
    changelogs.forEach(
        (topic, records) ->
            restore(
                topic.substring("retention-test-".length(), topic.length() - "-changelog".length()),
                records));
    assertEquals(RunStatus.SUCCESS, runs().get(runId).status(), "the new instance has the run");

    advanceTo(T0.plus(KEEP).plusSeconds(1));
    assertNull(runs().get(runId), "and expires it on time");
    assertNull(this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE).get("evt-restart"));
  }

  /**
   * Writes a changelog's records into the bytes store under {@code store}, as Kafka Streams
   * restores it.
   */
  @SuppressWarnings("unchecked")
  private void restore(String store, List<TestRecord<byte[], byte[]>> records) {
    StateStore inner = driver.getAllStateStores().get(store);
    while (inner instanceof WrappedStateStore<?, ?, ?> wrapped) {
      inner = wrapped.wrapped();
    }
    KeyValueStore<Bytes, byte[]> bytes = (KeyValueStore<Bytes, byte[]>) inner;
    records.forEach(r -> bytes.put(Bytes.wrap(r.key()), r.value()));
  }

  @Test
  void runsKeptForEverNeverExpire() {
    driver.close();
    driver =
        new TopologyTestDriver(
            EngineTopology.build(
                TestTopologyOptions.of(topics, new RunCounters()).withRetention(Retention.FOREVER)),
            props(stateDir),
            T0);
    DriverTopics.jobs(driver, topics)
        .pipeInput("hello", JobDefinition.of("hello", "1", "demo.hello", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    String runId = finishedRun("evt-kept", T0);
    advanceTo(T0.plus(Duration.ofDays(400)));
    assertNotNull(runs().get(runId));
    assertEquals(
        List.of(),
        List.copyOf(keysOf(runId, "evt-kept").getOrDefault(RunExpiry.TIMERS, List.of())));
  }

  /**
   * A run of job hello started by {@code eventId} that ran a task, logged, and succeeded at {@code
   * at}.
   */
  private String finishedRun(String eventId, Instant at) {
    sendEvent(eventId);
    String runId = RunIds.of(eventId, "hello");
    runEvents.pipeInput(
        worker(runId, 1, new RunEventBody.TaskCompleted("greet", "\"hi\"", at, 1), at));
    runEvents.pipeInput(
        worker(runId, 1, new RunEventBody.LogWritten("INFO", "greeted", null, "0-0"), at));
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.WaitRequested("pause", at), at));
    advanceTo(now.plusMillis(200)); // the wait elapses: the run is dispatched again
    runEvents.pipeInput(worker(runId, 2, new RunEventBody.RunSucceeded("\"done\""), now));
    assertEquals(RunStatus.SUCCESS, runs().get(runId).status());
    return runId;
  }

  private void sendEvent(String id) {
    TriggerEvent event =
        new TriggerEvent(id, "demo.hello", "{\"item\": \"" + id + "\"}", null, now, null, "test");
    triggers.pipeInput(
        new TestRecord<>(
            id.getBytes(StandardCharsets.UTF_8),
            topics.triggers().valueSerde().serializer().serialize("", event),
            new RecordHeaders(),
            now));
  }

  private void advanceTo(Instant instant) {
    Duration step = Duration.between(now, instant);
    if (!step.isNegative()) {
      driver.advanceWallClockTime(step);
      now = instant;
    }
  }

  private TopologyTestDriver start(Path dir, Instant at) {
    TopologyTestDriver d =
        new TopologyTestDriver(
            EngineTopology.build(
                TestTopologyOptions.of(topics, new RunCounters())
                    .withRetention(Retention.of(KEEP.toMillis()))),
            props(dir),
            at);
    triggers = DriverTopics.triggers(d, topics);
    runEvents = DriverTopics.runEventsIn(d, topics);
    return d;
  }

  private static Properties props(Path dir) {
    Properties props = DriverTopics.settings("retention-test", dir);
    return props;
  }

  private KeyValueStore<String, RunState> runs() {
    return store(RunStores.RUNS);
  }

  private <V> KeyValueStore<String, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  /** The keys that mention the run or the event, by store (stores without any left out). */
  private Map<String, List<String>> keysOf(String runId, String eventId) {
    Map<String, List<String>> found =
        new TreeMap<>((a, b) -> order(a) - order(b) != 0 ? order(a) - order(b) : a.compareTo(b));
    forEachKey(
        (store, key) -> {
          boolean count =
              store.equals(JobRunIndex.COUNTS); // per job and status: "hello NUL SUCCESS"
          if (key.contains(runId)
              || key.equals(eventId)
              || key.contains('\u0000' + eventId + '\u0000')
              || key.endsWith('\u0000' + eventId) // received, by time
              || count) {
            found.computeIfAbsent(store, s -> new ArrayList<>()).add(key);
          }
        });
    return found;
  }

  private static int order(String store) {
    List<String> order =
        List.of(RunExpiry.TIMERS, RunExpiry.MARKERS, EventExpiry.TIMERS, EventExpiry.MARKERS);
    return order.contains(store) ? order.indexOf(store) : order.size();
  }

  private Map<String, Long> nonEmptyStores() {
    Map<String, Long> counts = new TreeMap<>();
    forEachKey((store, key) -> counts.merge(store, 1L, Long::sum));
    return counts;
  }

  @SuppressWarnings("unchecked")
  private void forEachKey(java.util.function.BiConsumer<String, String> action) {
    for (Map.Entry<String, StateStore> entry : driver.getAllStateStores().entrySet()) {
      if (entry.getKey().equals(EngineTopology.JOBS_STORE)) {
        continue; // the jobs, not the runs
      }
      try (var it = ((KeyValueStore<String, ?>) entry.getValue()).all()) {
        it.forEachRemaining(kv -> action.accept(entry.getKey(), kv.key));
      }
    }
  }

  private static TestRecord<String, RunEvent> worker(
      String runId, long execution, RunEventBody body, Instant at) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    return new TestRecord<>(runId, RunEvent.worker(runId, at, execution, body), headers, at);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
