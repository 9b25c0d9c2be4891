package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.history.HistoryEntry;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records whose processing throws: dead-lettered with the exception, their run left as it was, the
 * next record processed.
 */
class ProcessingErrorsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Topics topics = new Topics("t");
  private final RunCounters counters = new RunCounters();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, byte[]> runEvents;
  private TestOutputTopic<String, RunEvent> runEventsOut;
  private ExecutionsOut executions;
  private TestOutputTopic<byte[], DeadLetter> deadLetters;
  private KeyValueStore<String, RunState> runs;
  private KeyValueStore<String, byte[]> history;

  @BeforeEach
  void setUp() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "errors-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    DeadLetterOnError.configure(props, counters, topics.deadLetters().name()); // as the engine does
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, counters)), props, T0);
    registerJob(JobDefinition.of("hello", "1", "demo.hello", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents =
        driver.createInputTopic(
            topics.runEvents().name(), Serdes.String().serializer(), new ByteArraySerializer());
    runEventsOut = DriverTopics.runEventsOut(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "hello", "forever", "limited");
    deadLetters = DriverTopics.deadLetters(driver, topics);
    runs = driver.getKeyValueStore(RunStores.RUNS);
    history = driver.getKeyValueStore(RunHistory.EVENTS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private List<HistoryEntry> events(String runId) {
    return RunHistory.events(
        history, RunStores.tasks(driver.getKeyValueStore(RunStores.TASKS), runId), runId);
  }

  @Test
  void aRunEventWhoseProcessingThrowsIsDeadLetteredWithTheExceptionAndTheRunIsLeftAsItWas() {
    String runId = started("evt-1");
    RunState before = runs.get(runId);
    int entries = events(runId).size();
    runEventsOut.readValuesToList();
    executions.readValuesToList();

    // A worker whose clock says 1969: the event is valid Avro and its run accepts it, but a log
    // line
    // without a key is stored under its time, which cannot be negative. Processing throws after the
    // run's header and history entry were written (staged, now).
    RunEvent early =
        RunEvent.worker(
            runId,
            Instant.ofEpochMilli(-1),
            1,
            new RunEventBody.LogWritten("INFO", "hi", null, null));
    byte[] bytes = Codecs.RUN_EVENT.encode(early);
    runEvents.pipeInput(new TestRecord<>(runId, bytes, workerHeaders(), T0));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(
        letter.reason().startsWith("processing failed: java.lang.IllegalArgumentException: "),
        letter.reason());
    assertEquals(topics.runEvents().name(), letter.sourceTopic());
    assertTrue(letter.sourceOffset() >= 0, "the offset of the record in run-events");
    assertArrayEquals(bytes, letter.originalValue());
    assertArrayEquals(runId.getBytes(StandardCharsets.UTF_8), letter.originalKey());
    assertEquals(before, runs.get(runId), "the run's header is as it was");
    assertEquals(entries, events(runId).size(), "no history entry for the event");
    assertTrue(runEventsOut.isEmpty());
    assertTrue(executions.isEmpty());
    assertEquals(1, counters.processingErrors());
    assertEquals(1, counters.deadLetters());

    runEvents.pipeInput(
        new TestRecord<>(
            runId,
            Codecs.RUN_EVENT.encode(
                RunEvent.worker(
                    runId, T0, 1, new RunEventBody.TaskCompleted("greet", "\"hi\"", T0, 1))),
            workerHeaders(),
            T0));
    runEvents.pipeInput(
        new TestRecord<>(
            runId,
            Codecs.RUN_EVENT.encode(
                RunEvent.worker(runId, T0, 1, new RunEventBody.RunSucceeded("\"done\""))),
            workerHeaders(),
            T0));
    assertEquals(
        RunStatus.SUCCESS,
        runs.get(runId).status(),
        "the next records of the same run are processed");
    assertEquals(entries + 2, events(runId).size());
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void aJobWithLeaseAndMaximumDurationOfLongMaxValueMillisecondsRunsAndDelaysWithoutOverflow() {
    registerJob(
        JobDefinition.of("forever", "1", "demo.forever", T0)
            .withMaxDurationMillis(Long.MAX_VALUE)
            .withLeaseMillis(Long.MAX_VALUE));
    send("later", "demo.forever", Instant.parse("9999-12-31T23:59:59.999Z"));
    send("now", "demo.forever", null);

    assertTrue(deadLetters.isEmpty(), () -> deadLetters.readValue().reason());
    assertEquals(RunStatus.PENDING, runs.get(RunIds.of("later", "forever")).status());
    assertEquals(RunStatus.EXECUTING, runs.get(RunIds.of("now", "forever")).status());
    assertEquals(RunIds.of("now", "forever"), executions.readValue().runId());
    assertEquals(0, counters.processingErrors());
  }

  @Test
  void anUnreadableAdmissionMessageIsDeadLetteredAndAdmissionGoesOn() {
    registerJob(JobDefinition.of("limited", "1", "demo.limited", T0).withConcurrencyLimit(1));
    String admission = EngineTopology.admissionTopic(topics);
    driver
        .createInputTopic(admission, Serdes.String().serializer(), new ByteArraySerializer())
        .pipeInput("job:limited", "not json".getBytes(StandardCharsets.UTF_8));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().startsWith("cannot deserialize: "), letter.reason());
    assertEquals(admission, letter.sourceTopic());
    assertEquals("not json", new String(letter.originalValue(), StandardCharsets.UTF_8));
    assertEquals(1, counters.deadLetters());
    send("a", "demo.limited", null);
    assertEquals(
        RunIds.of("a", "limited"), executions.readValue().runId(), "the limit admits the next run");
  }

  private String started(String eventId) {
    send(eventId, "demo.hello", null);
    String runId = RunIds.of(eventId, "hello");
    assertEquals(RunStatus.EXECUTING, runs.get(runId).status());
    return runId;
  }

  private void send(String id, String name, Instant deliverAt) {
    TriggerEvent event = new TriggerEvent(id, name, "{}", null, T0, deliverAt, "test");
    triggers.pipeInput(id.getBytes(StandardCharsets.UTF_8), Codecs.TRIGGER_EVENT.encode(event));
  }

  private void registerJob(JobDefinition job) {
    DriverTopics.jobs(driver, topics).pipeInput(job.id(), job);
  }

  private static RecordHeaders workerHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
