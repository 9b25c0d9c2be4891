package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.engine.history.HistoryEntry;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.TaskState;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task moves only its run's progress, which the run processor keeps in memory instead of
 * rewriting the header; here it keeps one run's, so that the other's is rebuilt from the stores.
 */
class RunProgressTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private final Topics topics = new Topics("t");
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, RunEvent> runEvents;
  private ExecutionsOut executions;
  private KeyValueStore<String, RunState> runs;
  @TempDir Path stateDir;

  @BeforeEach
  void setUp() {
    Properties props = DriverTopics.settings("progress-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, new RunCounters()).withLiveRuns(1)),
            props,
            T0);
    DriverTopics.jobs(driver, topics)
        .pipeInput("hello", JobDefinition.of("hello", "1", "demo.hello", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "hello");
    runs = driver.getKeyValueStore(RunStores.RUNS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void aTaskWritesOnlyItsTaskWhichStandsInForItsHistoryEntry() {
    String runId = start("evt-1");
    complete(runId, "first", T0); // the first word from a worker: the header changes (taken)
    TestOutputTopic<byte[], byte[]> headers = changelog(RunStores.RUNS);
    TestOutputTopic<byte[], byte[]> taskWrites = changelog(RunStores.TASKS);
    TestOutputTopic<byte[], byte[]> historyWrites = changelog(RunHistory.EVENTS);
    headers.readRecordsToList();
    taskWrites.readRecordsToList();
    historyWrites.readRecordsToList();

    for (int i = 0; i < 3; i++) {
      complete(runId, "t" + i, T0.plusSeconds(i));
    }
    assertEquals(0, headers.getQueueSize(), "no header rewritten");
    assertEquals(3, taskWrites.getQueueSize());
    assertEquals(0, historyWrites.getQueueSize(), "the task stands in for its history entry");
    List<HistoryEntry> history = history(runId);
    assertStartedWithFourTasks(history);
    HistoryEntry t1 = history.get(4);
    assertEquals("WORKER", t1.origin());
    assertEquals(1L, t1.execution());
    assertEquals(T0.plusSeconds(1), t1.timestamp());
    assertEquals("t1", t1.body().get("key").asText());
    assertEquals("\"ok\"", t1.body().get("output").asText());
    assertEquals(1, t1.body().get("attempt").asInt());

    runEvents.pipeInput(worker(runId, new RunEventBody.RunSucceeded("1"), T0.plusSeconds(5)));
    RunState done = runs.get(runId);
    assertEquals("SUCCESS", done.status().name());
    assertEquals(7, done.eventCount(), "written with its progress when it ended");
    assertEquals(4, done.taskCount());
  }

  @Test
  void theFirstCompletionOfATaskWinsWhetherItsRunsKeysAreKnownOrNot() {
    String runId = start("evt-twice");
    for (int i = 0; i <= TaskKeys.MAX; i++) { // one more than a run's keys kept in memory
      complete(runId, "t" + i, T0);
      runEvents.pipeInput(
          worker(runId, new RunEventBody.TaskCompleted("t" + i, "\"second\"", T0, 2), T0));
      assertEquals("\"ok\"", task(runId, "t" + i).output(), "t" + i);
    }
    String other = start("evt-other"); // runId's header leaves the memory (one run kept)
    complete(other, "o", T0);
    runEvents.pipeInput(
        worker(runId, new RunEventBody.TaskCompleted("t0", "\"third\"", T0, 3), T0));
    assertEquals("\"ok\"", task(runId, "t0").output());
    complete(runId, "new", T0);
    assertEquals("\"ok\"", task(runId, "new").output(), "a new key is stored");
  }

  private TaskState task(String runId, String key) {
    return driver
        .<String, TaskState>getKeyValueStore(RunStores.TASKS)
        .get(RunStores.stepKey(runId, key));
  }

  @Test
  void progressNotKeptInMemoryIsRebuiltFromTheStores() {
    String a = start("evt-a");
    String b = start("evt-b");
    complete(a, "a0", T0);
    complete(a, "a1", T0.plusSeconds(10));
    complete(a, "a2", T0.plusSeconds(20)); // a's last word, kept in memory only
    complete(b, "b0", T0); // b's progress takes the one place: a's is dropped
    complete(a, "a3", T0.plusSeconds(20));

    assertStartedWithFourTasks(history(a)); // no entry written over
    assertEquals(
        List.of(0, 1, 2, 3),
        RunStores.tasks(driver.getKeyValueStore(RunStores.TASKS), a).stream()
            .map(TaskState::index)
            .toList());
    executions.readValuesToList();

    complete(b, "b1", T0); // a's progress is dropped again
    driver.advanceWallClockTime(RunPolicy.DEFAULT_LEASE.plusSeconds(1));
    List<ExecuteRun> again = executions.readValuesToList();
    assertEquals(
        List.of(b),
        again.stream().map(ExecuteRun::runId).toList(),
        "a was heard from 20 s after b: only b's lease ran out");
    assertEquals(1, runs.get(a).execution());
  }

  @Test
  void aCompletedTaskChangedByAStrayEventKeepsItsEntryInTheHistory() {
    String runId = start("evt-stray");
    complete(runId, "t0", T0);
    runEvents.pipeInput(
        worker(
            runId,
            new RunEventBody.TaskFailed(
                "t0", new ErrorInfo("Boom", "late", null), 2, T0, null, null),
            T0.plusSeconds(1)));

    List<HistoryEntry> history = history(runId);
    HistoryEntry completed = history.get(2);
    assertEquals("TaskCompleted", completed.type());
    assertEquals(2, completed.seq());
    assertEquals("\"ok\"", completed.body().get("output").asText());
    assertEquals(T0, completed.timestamp());
    assertEquals(
        1,
        history.stream().filter(e -> e.type().equals("TaskCompleted")).count(),
        "one entry for it: " + history);
    assertEquals(
        LongStream.range(0, history.size()).boxed().toList(),
        history.stream().map(HistoryEntry::seq).toList());
  }

  /** The history of a run that started and completed four tasks: every event, numbered in order. */
  private static void assertStartedWithFourTasks(List<HistoryEntry> history) {
    assertEquals(
        List.of(
            "RunCreated",
            "RunStarted",
            "TaskCompleted",
            "TaskCompleted",
            "TaskCompleted",
            "TaskCompleted"),
        history.stream().map(HistoryEntry::type).toList());
    assertEquals(
        LongStream.range(0, 6).boxed().toList(), history.stream().map(HistoryEntry::seq).toList());
  }

  private List<HistoryEntry> history(String runId) {
    return RunHistory.events(
        driver.getKeyValueStore(RunHistory.EVENTS),
        RunStores.tasks(driver.getKeyValueStore(RunStores.TASKS), runId),
        runId);
  }

  private String start(String eventId) {
    TriggerEvent event = new TriggerEvent(eventId, "demo.hello", "{}", null, T0, null, "test");
    triggers.pipeInput(
        eventId.getBytes(StandardCharsets.UTF_8),
        topics.triggers().valueSerde().serializer().serialize("", event));
    return RunIds.of(eventId, "hello");
  }

  private void complete(String runId, String key, Instant at) {
    runEvents.pipeInput(worker(runId, new RunEventBody.TaskCompleted(key, "\"ok\"", at, 1), at));
  }

  private TestOutputTopic<byte[], byte[]> changelog(String store) {
    return driver.createOutputTopic(
        "progress-test-" + store + "-changelog",
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static TestRecord<String, RunEvent> worker(String runId, RunEventBody body, Instant at) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    return new TestRecord<>(runId, RunEvent.worker(runId, at, 1, body), headers, at);
  }
}
