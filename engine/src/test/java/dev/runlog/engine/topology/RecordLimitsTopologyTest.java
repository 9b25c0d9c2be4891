package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.limits.RecordLimits;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
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
 * What the engine writes stays under Kafka's record limit whatever it reads: a record too large for
 * the limits is dead-lettered, and a run whose next dispatch would be too large fails saying so
 * (under exactly-once, one record Kafka refuses fails its whole transaction, again and again).
 */
class RecordLimitsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final String BIG_OUTPUT = "\"" + "x".repeat(400_000) + "\"";
  private final Topics topics = new Topics("t");
  private final RunCounters counters = new RunCounters();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, byte[]> runEvents;
  private TestOutputTopic<String, RunEvent> runEventsOut;
  private ExecutionsOut executions;
  private TestOutputTopic<byte[], DeadLetter> deadLetters;
  private KeyValueStore<String, RunState> runs;

  @BeforeEach
  void setUp(@TempDir Path stateDir) {
    var props = DriverTopics.settings("limits-test", stateDir);
    DeadLetterOnError.configure(props, counters, topics.deadLetters().name());
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, counters)), props, T0);
    DriverTopics.jobs(driver, topics)
        .pipeInput("hello", JobDefinition.of("hello", "1", "demo.hello", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents =
        driver.createInputTopic(
            topics.runEvents().name(), Serdes.String().serializer(), new ByteArraySerializer());
    runEventsOut = DriverTopics.runEventsOut(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "hello");
    deadLetters = DriverTopics.deadLetters(driver, topics);
    runs = driver.getKeyValueStore(RunStores.RUNS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void aTriggerLargerThanTheLimitIsDeadLetteredWithItsSizeAndStartsNoRun() {
    String payload = "{\"item\":\"" + "x".repeat(RecordLimits.TRIGGER_BYTES) + "\"}";
    TriggerEvent huge = new TriggerEvent("evt-huge", "demo.hello", payload, null, T0, null, "t");
    triggers.pipeInput("evt-huge".getBytes(StandardCharsets.UTF_8), encode(huge));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().contains("bytes a trigger may have"), letter.reason());
    assertNull(runs.get(RunIds.of("evt-huge", "hello")));
    assertEquals(RunStatus.EXECUTING, runs.get(started("evt-after")).status());
  }

  @Test
  void aPayloadIsCountedAsTheJsonTextTheRunsStoresHold() {
    // 700 KB, but each quote takes two bytes in a JSON string: 1.17 MB in the run's input
    String quotes = "[" + String.join(",", java.util.Collections.nCopies(233_333, "\"\"")) + "]";
    TriggerEvent event = new TriggerEvent("evt-quotes", "demo.hello", quotes, null, T0, null, "t");
    triggers.pipeInput("evt-quotes".getBytes(StandardCharsets.UTF_8), encode(event));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().contains("bytes as JSON text"), letter.reason());
    assertNull(runs.get(RunIds.of("evt-quotes", "hello")));
  }

  @Test
  void aRunEventLargerThanTheLimitIsDeadLetteredAndTheRunGoesOn() {
    String runId = started("evt-1");
    String output = "\"" + "x".repeat(RecordLimits.RUN_EVENT_BYTES) + "\"";
    worker(runId, new RunEventBody.TaskCompleted("big", output, T0, 1));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().contains("bytes a run event may have"), letter.reason());
    assertNull(driver.getKeyValueStore(RunStores.TASKS).get(RunStores.stepKey(runId, "big")));
    worker(runId, new RunEventBody.RunSucceeded("\"done\""));
    assertEquals(RunStatus.SUCCESS, runs.get(runId).status());
  }

  @Test
  void aRunEventWithATaskKeyLongerThanAKeyMayBeIsDeadLettered() {
    String runId = started("evt-1");
    worker(runId, new RunEventBody.TaskCompleted("k".repeat(2_000), "1", T0, 1));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().contains("task key of 2000 characters"), letter.reason());
    worker(runId, new RunEventBody.RunSucceeded("\"done\""));
    assertEquals(RunStatus.SUCCESS, runs.get(runId).status());
  }

  @Test
  void aRunWhoseNextDispatchWouldBeLargerThanTheLimitFailsSayingSo() {
    String runId = started("evt-1");
    for (String key : List.of("a", "b", "c")) { // each fits; together they do not
      worker(runId, new RunEventBody.TaskCompleted(key, BIG_OUTPUT, T0, 1));
    }
    executions.readValuesToList();
    runEventsOut.readValuesToList();

    worker(runId, new RunEventBody.ExecutionYielded("slice used"));

    assertTrue(executions.isEmpty(), "nothing dispatched");
    RunState run = runs.get(runId);
    assertEquals(RunStatus.FAILURE, run.status());
    assertEquals("RunTooLarge", run.error().type());
    assertTrue(run.error().message().contains("one dispatch to a worker"), run.error().message());
    assertTrue(
        runEventsOut.readValuesToList().stream()
            .anyMatch(e -> e.body() instanceof RunEventBody.RunFailed));
    assertTrue(deadLetters.isEmpty());
    assertEquals(RunStatus.EXECUTING, runs.get(started("evt-after")).status());
  }

  @Test
  void aStopNoticeTooLargeWithItsTasksGoesWithoutThem() {
    String runId = started("evt-1");
    for (String key : List.of("a", "b", "c")) {
      worker(runId, new RunEventBody.TaskCompleted(key, BIG_OUTPUT, T0, 1));
    }
    executions.readValuesToList();

    runEvents.pipeInput(
        runId,
        Codecs.RUN_EVENT.encode(
            new RunEvent(
                runId, T0, Origin.API, null, new RunEventBody.CancelRequested("no", "api"))));

    ExecuteRun stop = executions.readValue();
    assertTrue(stop.cancelRequested());
    assertEquals(List.of(), stop.tasks());
    assertEquals(runId, stop.runId());
  }

  private String started(String eventId) {
    TriggerEvent event = new TriggerEvent(eventId, "demo.hello", "{}", null, T0, null, "test");
    triggers.pipeInput(eventId.getBytes(StandardCharsets.UTF_8), encode(event));
    String runId = RunIds.of(eventId, "hello");
    assertEquals(RunStatus.EXECUTING, runs.get(runId).status());
    return runId;
  }

  private void worker(String runId, RunEventBody body) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    runEvents.pipeInput(
        new TestRecord<>(
            runId, Codecs.RUN_EVENT.encode(RunEvent.worker(runId, T0, 1, body)), headers, T0));
  }

  private static byte[] encode(TriggerEvent event) {
    return Codecs.TRIGGER_EVENT.encode(event);
  }
}
