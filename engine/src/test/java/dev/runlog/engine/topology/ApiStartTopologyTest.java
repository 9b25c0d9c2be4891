package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.history.HistoryEntry;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.rest.EventSender;
import dev.runlog.engine.run.RunMachine;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.trigger.FirstStart;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.engine.trigger.StartedByApi;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Runs the API started itself ({@link FirstStart}, {@link EventSender#send(TriggerEvent, List)}):
 * the engine folds their start, records their event, and sends an execution again when no worker
 * was heard from for a lease (the API may have died before it wrote the execution).
 */
class ApiStartTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Topics topics = new Topics("t");
  private final JobDefinition job = JobDefinition.of("hello", "1", "demo.hello", T0);
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, byte[]> runEventBytes;
  private TestInputTopic<String, RunEvent> runEvents;
  private TestOutputTopic<String, RunEvent> runEventsOut;
  private ExecutionsOut executions;
  private KeyValueStore<String, RunState> runs;
  private final RunWatch watch = new RunWatch();
  @TempDir java.nio.file.Path stateDir;

  @BeforeEach
  void setUp() {
    driver =
        new TopologyTestDriver(
            EngineTopology.build(
                TopologyOptions.of(
                    topics, new RunCounters(), Duration.ofMillis(100), CommitPacer.off(), watch)),
            DriverTopics.settings("api-start-test", stateDir),
            T0);
    DriverTopics.jobs(driver, topics).pipeInput("hello", job);
    triggers = DriverTopics.triggers(driver, topics);
    runEventBytes =
        driver.createInputTopic(
            topics.runEvents().name(), new StringSerializer(), new ByteArraySerializer());
    runEvents = DriverTopics.runEventsIn(driver, topics);
    runEventsOut = DriverTopics.runEventsOut(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "hello");
    runs = driver.getKeyValueStore(RunStores.RUNS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void theEngineFoldsTheStartAndRecordsTheEventWithoutWritingTheRunAgain() {
    String runId = apiStarts("evt-1");
    assertFalse(watch.triggers().readUpTo(0, 0), "no trigger read here yet");
    trigger("evt-1", List.of("hello"));
    assertTrue(watch.triggers().readUpTo(0, 1), "the API may start the next event's runs");
    assertFalse(watch.triggers().readUpTo(0, 2), "not with an unread trigger before it");

    assertTrue(runEventsOut.isEmpty(), "the engine wrote nothing to the run's log");
    assertTrue(executions.isEmpty(), "nor a second execution");
    RunState run = runs.get(runId);
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(1, run.execution());
    assertEquals(RunState.WAITING_ON_API_DISPATCH, run.waitingOn());
    ReceivedEvent received =
        driver.<String, ReceivedEvent>getKeyValueStore(TriggerProcessor.EVENTS_STORE).get("evt-1");
    assertEquals(List.of("hello"), received.matchedJobs());
    assertEquals(List.of(runId), received.runIds());

    runEvents.pipeInput(worker(runId, new RunEventBody.TaskCompleted("a", "1", T0, 1)));
    assertNull(runs.get(runId).waitingOn(), "taken");
    runEvents.pipeInput(worker(runId, new RunEventBody.RunSucceeded(null)));
    assertEquals(RunStatus.SUCCESS, runs.get(runId).status());
  }

  @Test
  void anExecutionNoWorkerTookInALeaseIsSentAgainOnceAsTheSameExecution() {
    String runId = apiStarts("evt-2"); // the API died before its execution and trigger went out
    driver.advanceWallClockTime(RunPolicy.DEFAULT_LEASE.plusSeconds(1));
    assertTrue(executions.isEmpty(), "not while the API's own send may still land");
    driver.advanceWallClockTime(RunMachine.API_SEND_TIMEOUT);

    TestRecord<String, ExecuteRun> again = executions.readRecord();
    assertEquals(runId, again.key());
    assertEquals(1, again.value().execution(), "the same execution: no fencing of a first copy");
    assertNotNull(
        again.headers().lastHeader(ExecuteRun.RESENT_HEADER),
        "marked, so that a worker reads the log before it runs it");
    RunEvent resent = runEventsOut.readValue();
    assertEquals(RunMachine.RESENT, ((RunEventBody.RunStarted) resent.body()).reason(), "says so");
    assertEquals(RunState.WAITING_ON_WORKER, runs.get(runId).waitingOn());

    for (int i = 0; i < 3; i++) { // then it waits for a worker like any execution
      driver.advanceWallClockTime(RunPolicy.DEFAULT_LEASE.plusSeconds(1));
    }
    assertTrue(executions.isEmpty(), "sent again once only");
    runEvents.pipeInput(worker(runId, new RunEventBody.RunSucceeded(null)));
    assertEquals(RunStatus.SUCCESS, runs.get(runId).status());
  }

  @Test
  void aRunTheApiStartedTwiceIsOneRun() {
    String runId = apiStarts("evt-3");
    apiStarts("evt-3"); // a client sent it again before the engine had read the first
    trigger("evt-3", List.of("hello"));
    trigger("evt-3", List.of("hello"));

    assertTrue(runEventsOut.isEmpty());
    assertEquals(1, runs.get(runId).execution());
    assertEquals(
        2,
        driver
            .<String, ReceivedEvent>getKeyValueStore(TriggerProcessor.EVENTS_STORE)
            .get("evt-3")
            .deliveries());
  }

  /** Writes what the API writes before the trigger for a run of the job; returns its id. */
  @Test
  void aStartItsRunCreatedCarriesIsWrittenOnceAndOneItDoesNotCarryIsFoldedFromItsRecord() {
    TestOutputTopic<byte[], byte[]> headers = changelog(RunStores.RUNS);
    TestOutputTopic<byte[], byte[]> index = changelog(JobRunIndex.RUNS);
    String carried = apiStarts("evt-carried");
    assertEquals(1, headers.readRecordsToList().size(), "the header written once for the start");
    assertEquals(1, index.readRecordsToList().size(), "and the job's index");

    // an older writer's RunCreated carries nothing; a bad one, bytes that are no run event
    String older = apiStarts("evt-older", carriedBytes -> null);
    String unreadable = apiStarts("evt-unreadable", carriedBytes -> new byte[] {1, 2, 3});
    for (String runId : List.of(carried, older, unreadable)) {
      RunState run = runs.get(runId);
      assertEquals(RunStatus.EXECUTING, run.status(), runId);
      assertEquals(1, run.execution(), runId);
      List<HistoryEntry> history =
          RunHistory.events(
              driver.getKeyValueStore(RunHistory.EVENTS),
              RunStores.tasks(driver.getKeyValueStore(RunStores.TASKS), runId),
              runId);
      assertEquals(
          List.of("RunCreated", "RunStarted"),
          history.stream().map(HistoryEntry::type).toList(),
          runId);
      assertEquals(List.of(0L, 1L), history.stream().map(HistoryEntry::seq).toList(), runId);
    }
    assertTrue(executions.isEmpty(), "the engine dispatched none of them again");
  }

  private TestOutputTopic<byte[], byte[]> changelog(String store) {
    return driver.createOutputTopic(
        "api-start-test-" + store + "-changelog",
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private String apiStarts(String eventId) {
    return apiStarts(eventId, UnaryOperator.identity());
  }

  /**
   * @param carried what the RunCreated carries instead of each encoded event after it (null:
   *     nothing)
   */
  private String apiStarts(String eventId, UnaryOperator<byte[]> carried) {
    TriggerEvent event = event(eventId);
    RunEvent created = FirstStart.created(event, job, Origin.API, T0);
    FirstStart start =
        FirstStart.ifAtOnce(created, event, job, RunPolicy.of(job), T0, key -> false);
    assertNotNull(start, "a job without limits starts at once");
    for (ProducerRecord<String, byte[]> record :
        EventSender.runEventRecords(start, topics.runEvents().name(), 0)) {
      RecordHeaders headers = new RecordHeaders();
      for (Header header : record.headers()) {
        byte[] value =
            header.key().equals(EngineTopology.THEN_HEADER)
                ? carried.apply(header.value())
                : header.value();
        if (value != null) {
          headers.add(header.key(), value);
        }
      }
      runEventBytes.pipeInput(new TestRecord<>(record.key(), record.value(), headers, T0));
    }
    return start.runId();
  }

  private void trigger(String eventId, List<String> startedJobs) {
    RecordHeaders headers = new RecordHeaders();
    StartedByApi.mark(headers, startedJobs);
    triggers.pipeInput(
        new TestRecord<>(
            eventId.getBytes(StandardCharsets.UTF_8),
            topics.triggers().valueSerde().serializer().serialize("", event(eventId)),
            headers,
            T0));
  }

  private static TriggerEvent event(String id) {
    return new TriggerEvent(id, "demo.hello", "{}", null, T0, null, "api");
  }

  private static TestRecord<String, RunEvent> worker(String runId, RunEventBody body) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    return new TestRecord<>(runId, RunEvent.worker(runId, T0, 1L, body), headers, T0);
  }
}
