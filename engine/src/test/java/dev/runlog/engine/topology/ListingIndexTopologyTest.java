package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.index.EventTimeIndex;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.index.RunSummary;
import dev.runlog.engine.index.Slice;
import dev.runlog.engine.index.TimeKeys;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexes behind the listings across jobs: runs merged from the per-job ranges, runs by payload
 * field, received events by time, as the topology writes them.
 */
class ListingIndexTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private final Topics topics = new Topics("t");
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private final String lamp = RunIds.of("e1", "hello");
  private final String book = RunIds.of("e2", "other");

  @BeforeEach
  void setUp() {
    Properties props = DriverTopics.settings("listing-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, new RunCounters())), props, T0);
    var jobs = DriverTopics.jobs(driver, topics);
    jobs.pipeInput("hello", JobDefinition.of("hello", "1", "demo.hello", T0));
    jobs.pipeInput("other", JobDefinition.of("other", "1", "demo.other", T0));
    triggers = DriverTopics.triggers(driver, topics);
    send("e1", "demo.hello", "{\"item\": \"lamp\", \"cents\": 1250, \"gift\": true}");
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    send("e2", "demo.other", "{\"item\": \"book\", \"tags\": [\"x\"], \"note\": null}");
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    send("e3", "nobody.listens", "{}");
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    send("e1", "demo.hello", "{\"item\": \"lamp\"}"); // sent again: a duplicate
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void runsAcrossJobsMergeNewestFirstAndPageByCursor() {
    assertEquals(List.of(book, lamp), ids(acrossJobs(null, TimeKeys.Range.ALL, 10)));
    Slice<RunSummary> first = acrossJobs(null, TimeKeys.Range.ALL, 1);
    assertEquals(List.of(book), ids(first));
    Slice<RunSummary> second = acrossJobs(null, TimeKeys.Range.ALL.after(first.stop()), 1);
    assertEquals(List.of(lamp), ids(second));
    assertNull(second.stop(), "the last page says so");

    Instant oneSecondIn = T0.plusSeconds(1);
    assertEquals(
        List.of(book), ids(acrossJobs(null, new TimeKeys.Range(oneSecondIn, null, null), 10)));
    assertEquals(
        List.of(lamp), ids(acrossJobs(null, new TimeKeys.Range(null, oneSecondIn, null), 10)));
    RunStatus live = runs().get(lamp).status();
    assertEquals(List.of(book, lamp), ids(acrossJobs(live, TimeKeys.Range.ALL, 10)));
    assertEquals(List.of(), ids(acrossJobs(RunStatus.SUCCESS, TimeKeys.Range.ALL, 10)));
  }

  @Test
  void runsAreFoundByATopLevelScalarPayloadField() {
    assertEquals(List.of(lamp), ids(byField("item", "lamp")));
    assertEquals(List.of(book), ids(byField("item", "book")));
    assertEquals(List.of(lamp), ids(byField("cents", "1250")), "a number by its JSON text");
    assertEquals(List.of(lamp), ids(byField("gift", "true")));
    assertEquals(List.of(), ids(byField("tags", "[\"x\"]")), "arrays are not indexed");
    assertEquals(List.of(), ids(byField("note", "null")), "nor nulls");
    assertEquals(List.of(), ids(byField("item", "sofa")));
  }

  @Test
  void aPayloadKeepsOnlyItsFirstFieldsAndShortValues() {
    StringBuilder payload =
        new StringBuilder("{\"long\": \"" + "x".repeat(PayloadIndex.MAX_VALUE + 1) + "\"");
    for (int i = 0; i < PayloadIndex.MAX_FIELDS + 2; i++) {
      payload.append(", \"f").append(i).append("\": ").append(i);
    }
    List<String> names =
        PayloadIndex.fields(payload.append('}').toString()).stream().map(e -> e.getKey()).toList();
    assertEquals(PayloadIndex.MAX_FIELDS, names.size());
    assertEquals("f0", names.get(0), "a value over the limit is left out: " + names);
  }

  @Test
  void receivedEventsAreListedByFirstReceiptWithDuplicatesAndUnmatchedOnes() {
    KeyValueStore<String, ReceivedEvent> records =
        driver.getKeyValueStore(TriggerProcessor.EVENTS_STORE);
    Slice<ReceivedEvent> events =
        EventTimeIndex.slice(
            driver.getKeyValueStore(EventTimeIndex.STORE), TimeKeys.Range.ALL, 10, records::get);
    assertEquals(
        List.of("e3", "e2", "e1"), events.entries().stream().map(kv -> kv.value.id()).toList());
    ReceivedEvent unmatched = events.entries().get(0).value;
    assertTrue(unmatched.matchedJobs().isEmpty());
    ReceivedEvent duplicate = events.entries().get(2).value;
    assertEquals(2, duplicate.deliveries(), "read twice, listed once");
    assertEquals(List.of(lamp), duplicate.runIds());
  }

  private Slice<RunSummary> acrossJobs(RunStatus status, TimeKeys.Range range, int limit) {
    KeyValueStore<String, RunSummary> index = driver.getKeyValueStore(JobRunIndex.RUNS);
    return Slice.merge(
        List.of(
            JobRunIndex.slice(index, "hello", status, range, limit),
            JobRunIndex.slice(index, "other", status, range, limit)),
        limit);
  }

  private Slice<RunSummary> byField(String field, String value) {
    return PayloadIndex.slice(
        driver.getKeyValueStore(PayloadIndex.STORE),
        field,
        value,
        TimeKeys.Range.ALL,
        10,
        runId -> RunSummary.of(runs().get(runId)));
  }

  private KeyValueStore<String, RunState> runs() {
    return driver.getKeyValueStore(RunStores.RUNS);
  }

  private static List<String> ids(Slice<RunSummary> slice) {
    return slice.entries().stream().map(kv -> kv.value.id()).toList();
  }

  private void send(String id, String name, String payload) {
    Instant now = T0; // the event's own time; the engine records its wall clock
    TriggerEvent event = new TriggerEvent(id, name, payload, null, now, null, "test");
    triggers.pipeInput(
        new TestRecord<>(
            id.getBytes(StandardCharsets.UTF_8),
            topics.triggers().valueSerde().serializer().serialize("", event),
            new RecordHeaders(),
            now));
  }
}
