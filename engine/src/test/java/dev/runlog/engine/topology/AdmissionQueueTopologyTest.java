package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
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
 * A concurrency limit's queue is a record per queued run: however long it grows, a message writes a
 * few small records (one record holding the queue was rewritten by every message, and passed
 * Kafka's record limit at about 8,000 queued runs), and runs still leave it first in, first out.
 */
class AdmissionQueueTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final String LIMIT = "job:limited";
  private final Topics topics = new Topics("t");
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, RunEvent> runEvents;
  private ExecutionsOut executions;
  private KeyValueStore<String, RunState> runs;

  @BeforeEach
  void setUp(@TempDir Path stateDir) {
    driver =
        new TopologyTestDriver(
            EngineTopology.build(
                topics,
                new RunCounters(),
                Duration.ofMillis(100),
                CommitPacer.off(),
                new RunWatch()),
            DriverTopics.settings("queue-test", stateDir),
            T0);
    JobDefinition limited =
        new JobDefinition(
            "limited",
            "1",
            "demo.limited",
            null,
            null,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            T0,
            null);
    DriverTopics.jobs(driver, topics).pipeInput("limited", limited);
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "limited");
    runs = driver.getKeyValueStore(RunStores.RUNS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void aLongQueueCostsSmallRecordsAndRunsLeaveItInOrder() {
    TestOutputTopic<byte[], byte[]> changelog =
        driver.createOutputTopic(
            "queue-test-" + AdmissionProcessor.STORE + "-changelog",
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      runIds.add(send("e" + i));
    }
    assertEquals(RunStatus.EXECUTING, runs.get(runIds.get(0)).status());
    assertEquals(RunStatus.QUEUED, runs.get(runIds.get(399)).status());
    int largest =
        changelog.readRecordsToList().stream()
            .mapToInt(r -> r.value() == null ? 0 : r.value().length)
            .max()
            .orElseThrow();
    assertTrue(largest < 500, "the limit's record stays small: " + largest + " bytes");
    LimitState head =
        driver.<String, LimitState>getKeyValueStore(AdmissionProcessor.STORE).get(LIMIT);
    assertEquals(399, head.queued());
    assertEquals(List.of(), head.queue());
    executions.readValuesToList();

    cancel(runIds.get(2)); // a queued run leaves the queue
    assertEquals(RunStatus.CANCELED, runs.get(runIds.get(2)).status());
    succeed(runIds.get(0));
    succeed(runIds.get(1));
    succeed(runIds.get(3));
    assertEquals(
        List.of(runIds.get(1), runIds.get(3), runIds.get(4)),
        executions.readValuesToList().stream().map(ExecuteRun::runId).toList());
    assertEquals(
        395,
        driver.<String, LimitState>getKeyValueStore(AdmissionProcessor.STORE).get(LIMIT).queued());
  }

  @Test
  void aLimitRecordWithItsQueueInsideIsReadAndItsQueueMovedOut() {
    String a = send("a");
    String b = send("b");
    String c = send("c");
    executions.readValuesToList();
    // as an engine before the queue moved out wrote it: the queue in the limit's record
    KeyValueStore<String, AdmissionQueue.Entry> queue =
        driver.getKeyValueStore(AdmissionQueue.STORE);
    List<String> keys = new ArrayList<>();
    try (var it = queue.all()) {
      it.forEachRemaining((KeyValue<String, AdmissionQueue.Entry> kv) -> keys.add(kv.key));
    }
    keys.forEach(queue::delete);
    driver
        .<String, LimitState>getKeyValueStore(AdmissionProcessor.STORE)
        .put(LIMIT, new LimitState(1, List.of(a), List.of(acquire(b), acquire(c))));

    succeed(a);
    assertEquals(
        List.of(b), executions.readValuesToList().stream().map(ExecuteRun::runId).toList());
    LimitState head =
        driver.<String, LimitState>getKeyValueStore(AdmissionProcessor.STORE).get(LIMIT);
    assertEquals(List.of(), head.queue());
    assertEquals(1, head.queued());
    succeed(b);
    assertEquals(
        List.of(c), executions.readValuesToList().stream().map(ExecuteRun::runId).toList());
  }

  private static AdmissionMessage.Acquire acquire(String runId) {
    return new AdmissionMessage.Acquire(LIMIT, 1, runId, 1, "created");
  }

  private String send(String eventId) {
    TriggerEvent event = new TriggerEvent(eventId, "demo.limited", "{}", null, T0, null, "test");
    triggers.pipeInput(
        eventId.getBytes(StandardCharsets.UTF_8), Codecs.TRIGGER_EVENT.encode(event));
    return RunIds.of(eventId, "limited");
  }

  private void succeed(String runId) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    runEvents.pipeInput(
        new TestRecord<>(
            runId,
            RunEvent.worker(
                runId, T0, runs.get(runId).execution(), new RunEventBody.RunSucceeded(null)),
            headers,
            T0));
  }

  private void cancel(String runId) {
    runEvents.pipeInput(
        new TestRecord<>(
            runId,
            new RunEvent(
                runId, T0, Origin.API, null, new RunEventBody.CancelRequested("no", "api")),
            new RecordHeaders(),
            T0));
  }
}
