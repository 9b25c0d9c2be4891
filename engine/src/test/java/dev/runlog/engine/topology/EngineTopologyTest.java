package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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

class EngineTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Topics topics = new Topics("t");
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, RunEvent> runEvents;
  private TestOutputTopic<String, RunEvent> runEventsOut;
  private ExecutionsOut executions;
  private TestOutputTopic<byte[], DeadLetter> deadLetters;
  private KeyValueStore<String, RunState> runs;
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir;

  @BeforeEach
  void setUp() {
    Properties props = DriverTopics.settings("topology-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, new RunCounters())), props, T0);
    DriverTopics.jobs(driver, topics)
        .pipeInput("hello", JobDefinition.of("hello", "1", "demo.hello", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    runEventsOut = DriverTopics.runEventsOut(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "hello", "limited", "strict");
    deadLetters = DriverTopics.deadLetters(driver, topics);
    runs = driver.getKeyValueStore(RunStores.RUNS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void aTriggerCreatesARunThatIsStartedAndDispatched() {
    sendAvro("evt-1", "{\"name\":\"Ada\"}");
    String runId = RunIds.of("evt-1", "hello");

    List<RunEvent> log = runEventsOut.readValuesToList();
    assertEquals(List.of("RunCreated", "RunStarted"), log.stream().map(RunEvent::type).toList());
    RunEventBody.RunCreated created = (RunEventBody.RunCreated) log.get(0).body();
    assertEquals("hello", created.jobId());
    assertEquals("{\"name\":\"Ada\"}", created.payload());
    assertEquals(Origin.ENGINE, log.get(1).origin());

    ExecuteRun execute = executions.readValue();
    assertEquals(runId, execute.runId());
    assertEquals(1, execute.execution());
    assertEquals("{\"name\":\"Ada\"}", execute.payload());
    assertTrue(execute.tasks().isEmpty());
    assertTrue(executions.isEmpty());
    assertEquals(RunStatus.EXECUTING, runs.get(runId).status());
  }

  @Test
  void aRunThatStartsAtOnceIsDispatchedByTheTriggerAndOnlyRecordedByTheRunProcessor() {
    sendAvro("evt-fast", "{}");
    List<TestRecord<String, RunEvent>> log = runEventsOut.readRecordsToList();
    assertEquals(
        List.of("RunCreated", "RunStarted"), log.stream().map(r -> r.value().type()).toList());
    assertTrue(
        EngineTopology.isDispatched(log.get(0).headers()),
        "the RunCreated says its execution went out with it");
    assertTrue(
        EngineTopology.isDispatched(log.get(1).headers()),
        "the trigger processor wrote the RunStarted too");
    KeyValueStore<String, Timer> timerStore = driver.getKeyValueStore(TimerStore.NAME);
    List<Timer> leases = new ArrayList<>();
    timerStore.all().forEachRemaining(kv -> leases.add(kv.value));
    assertEquals(
        List.of(Timer.Kind.LEASE),
        leases.stream().map(Timer::kind).toList(),
        "the run processor set the lease, once");
    List<ExecuteRun> sent = executions.readValuesToList();
    assertEquals(1, sent.size());
    assertEquals(
        -1,
        sent.get(0).logPartition(),
        "dispatched with the trigger: its log position was not known yet");
    assertEquals(1, runs.get(RunIds.of("evt-fast", "hello")).execution());

    sendAvro("evt-fast", "{}"); // redelivered: the plain path, dropped by the run processor
    assertFalse(EngineTopology.isDispatched(runEventsOut.readRecord().headers()));
    assertTrue(executions.isEmpty());
  }

  @Test
  void aTriggerNotKeyedByItsIdTakesThePlainPath() {
    triggers.pipeInput(
        "some-key".getBytes(StandardCharsets.UTF_8),
        "{\"name\":\"demo.hello\",\"id\":\"evt-k\",\"payload\":{}}"
            .getBytes(StandardCharsets.UTF_8));
    assertFalse(EngineTopology.isDispatched(runEventsOut.readRecord().headers()));
    ExecuteRun execute = executions.readValue();
    assertEquals(RunIds.of("evt-k", "hello"), execute.runId());
    assertTrue(
        execute.logPartition() >= 0,
        "dispatched by the run processor, which knows the run's log position");
    assertTrue(executions.isEmpty());
  }

  @Test
  void theSameEventTwiceMakesOneRun() {
    sendAvro("evt-1", "{}");
    sendAvro("evt-1", "{}");
    assertEquals(1, executions.readValuesToList().size());
    assertEquals(1, count(runs));
    assertEquals(1, runs.get(RunIds.of("evt-1", "hello")).execution());
  }

  @Test
  void jsonAndAvroTriggersBothStartRuns() {
    sendAvro("evt-avro", "{\"n\":1}");
    triggers.pipeInput(
        "evt-json".getBytes(StandardCharsets.UTF_8),
        "{\"name\":\"demo.hello\",\"id\":\"evt-json\",\"payload\":{\"n\":2}}"
            .getBytes(StandardCharsets.UTF_8));
    triggers.pipeInput(
        null, "{\"name\":\"demo.hello\",\"payload\":{\"n\":3}}".getBytes(StandardCharsets.UTF_8));
    List<ExecuteRun> started = executions.readValuesToList();
    assertEquals(
        List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"),
        started.stream().map(ExecuteRun::payload).toList());
    assertEquals(RunIds.of("evt-json", "hello"), started.get(1).runId());
    assertEquals(
        RunIds.of(topics.triggers().name() + "-0-2", "hello"),
        started.get(2).runId(),
        "a key-less JSON trigger takes its position as id");
  }

  @Test
  void aMalformedTriggerGoesToDeadLettersAndTheNextOneStillWorks() {
    byte[] garbage = "this is not an event".getBytes(StandardCharsets.UTF_8);
    triggers.pipeInput("bad".getBytes(StandardCharsets.UTF_8), garbage);
    triggers.pipeInput(
        "nameless".getBytes(StandardCharsets.UTF_8),
        "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8));
    sendAvro("evt-ok", "{}");

    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertEquals(2, letters.size());
    assertTrue(letters.get(0).reason().contains("neither Avro"), letters.get(0).reason());
    assertEquals(topics.triggers().name(), letters.get(0).sourceTopic());
    assertEquals(0, letters.get(0).sourceOffset());
    assertEquals(
        "this is not an event", new String(letters.get(0).originalValue(), StandardCharsets.UTF_8));
    assertTrue(letters.get(1).reason().contains("\"name\""), letters.get(1).reason());
    assertEquals(RunIds.of("evt-ok", "hello"), executions.readValue().runId());
  }

  @Test
  void aTriggerNoJobListensToStartsNothing() {
    triggers.pipeInput(
        "e".getBytes(StandardCharsets.UTF_8),
        "{\"name\":\"nobody.listens\"}".getBytes(StandardCharsets.UTF_8));
    assertTrue(executions.isEmpty());
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void workerEventsAreFoldedIntoTheRunAndItsTasks() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.TaskCompleted("greet", "\"hi\"", T0, 1)));
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.RunSucceeded("{\"ok\":true}")));

    RunState run = runs.get(runId);
    assertEquals(RunStatus.SUCCESS, run.status());
    assertEquals("{\"ok\":true}", run.output());
    KeyValueStore<String, TaskState> tasks = driver.getKeyValueStore(RunStores.TASKS);
    assertEquals("\"hi\"", tasks.get(RunStores.stepKey(runId, "greet")).output());
  }

  @Test
  void aZombieExecutionsEventsChangeNothing() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    runEvents.pipeInput(worker(runId, 0, new RunEventBody.RunSucceeded(null)));
    assertEquals(RunStatus.EXECUTING, runs.get(runId).status());
  }

  @Test
  void aRedispatchCarriesTheCompletedTasks() {
    // A duplicate RunCreated must not re-dispatch; a completed task is visible in the store for the
    // next dispatch.
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.TaskCompleted("a", "1", T0, 1)));
    executions.readValuesToList();
    sendAvro("evt-1", "{}");
    assertTrue(executions.isEmpty());
  }

  @Test
  void aMalformedRunEventGoesToDeadLetters() {
    driver
        .createInputTopic(
            topics.runEvents().name(), Serdes.String().serializer(), new ByteArraySerializer())
        .pipeInput("run_x", new byte[] {1, 2, 3});
    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().contains("RunEvent"), letter.reason());
    assertEquals(topics.runEvents().name(), letter.sourceTopic());
    sendAvro("evt-after", "{}");
    assertInstanceOf(ExecuteRun.class, executions.readValue());
  }

  @Test
  void engineEventsReadBackAreSkipped() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    RecordHeaders headers = new RecordHeaders();
    headers.add(EngineTopology.FOLDED_HEADER, new byte[] {1});
    runEvents.pipeInput(
        new TestRecord<>(
            runId,
            RunEvent.engine(runId, T0, new RunEventBody.RunStarted(9, "created", null)),
            headers,
            T0));
    assertEquals(1, runs.get(runId).execution());
    assertNull(deadLetters.isEmpty() ? null : deadLetters.readValue());
  }

  @Test
  void aWaitFiresFromTheWallClockAndTheRunIsDispatchedAgain() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.TaskCompleted("before", "1", T0, 1)));
    runEvents.pipeInput(
        worker(runId, 1, new RunEventBody.WaitRequested("pause", T0.plusSeconds(2))));
    assertEquals(RunStatus.WAITING, runs.get(runId).status());
    executions.readValuesToList();
    runEventsOut.readValuesToList();

    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertTrue(executions.isEmpty(), "not due yet");
    driver.advanceWallClockTime(Duration.ofMillis(1100));
    assertEquals(
        List.of("WaitElapsed", "RunStarted"),
        runEventsOut.readValuesToList().stream().map(RunEvent::type).toList());
    ExecuteRun resumed = executions.readValue();
    assertEquals(2, resumed.execution());
    assertEquals(
        List.of(new dev.runlog.protocol.execution.WaitSnapshot("pause", T0.plusSeconds(2), true)),
        resumed.waits());
    assertEquals("before", resumed.tasks().get(0).key());
    assertEquals(RunStatus.EXECUTING, runs.get(runId).status());
  }

  @Test
  void aTaskThatFailedForGoodIsDispatchedAsSuchSoThatAReplayDoesNotRunItAgain() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    ErrorInfo refused = ErrorInfo.of("IntegrationException", "404");
    runEvents.pipeInput(
        worker(runId, 1, new RunEventBody.TaskFailed("post", refused, 1, T0, null)));
    runEvents.pipeInput(
        worker(runId, 1, new RunEventBody.WaitRequested("pause", T0.plusSeconds(1))));
    executions.readValuesToList();

    driver.advanceWallClockTime(Duration.ofMillis(1100));
    TaskSnapshot post = executions.readValue().tasks().get(0);
    assertEquals(TaskSnapshot.failed("post", 1, refused, true), post);
  }

  @Test
  void aConcurrencyLimitQueuesRunsAndAdmitsThemAsSlotsFree() {
    JobDefinition limited =
        JobDefinition.of("limited", "1", "demo.limited", T0).withConcurrencyLimit(1);
    DriverTopics.jobs(driver, topics).pipeInput("limited", limited);
    send("a", "demo.limited", "{}", null);
    send("b", "demo.limited", "{}", null);
    String first = RunIds.of("a", "limited");
    String second = RunIds.of("b", "limited");
    assertEquals(
        List.of(first), executions.readValuesToList().stream().map(ExecuteRun::runId).toList());
    assertEquals(RunStatus.QUEUED, runs.get(second).status());

    runEvents.pipeInput(worker(first, 1, new RunEventBody.RunSucceeded(null)));
    assertEquals(
        List.of(second), executions.readValuesToList().stream().map(ExecuteRun::runId).toList());
    assertEquals(RunStatus.EXECUTING, runs.get(second).status());
  }

  @Test
  void cancelingAQueuedRunCancelsItAtOnce() {
    JobDefinition limited =
        JobDefinition.of("limited", "1", "demo.limited", T0).withConcurrencyLimit(1);
    DriverTopics.jobs(driver, topics).pipeInput("limited", limited);
    send("a", "demo.limited", "{}", null);
    send("b", "demo.limited", "{}", null);
    String second = RunIds.of("b", "limited");
    runEvents.pipeInput(
        new TestRecord<>(
            second,
            new RunEvent(
                second, T0, Origin.API, null, new RunEventBody.CancelRequested("no", "api")),
            new RecordHeaders(),
            T0));
    assertEquals(RunStatus.CANCELED, runs.get(second).status());
  }

  @Test
  void anInvalidPayloadMakesAnInvalidPayloadRunThatNeverExecutes() {
    JobDefinition strict =
        JobDefinition.of("strict", "1", "demo.strict", T0)
            .withPayloadSchema(
                "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}");
    DriverTopics.jobs(driver, topics).pipeInput("strict", strict);
    send("bad", "demo.strict", "{\"name\": 42}", null);
    RunState run = runs.get(RunIds.of("bad", "strict"));
    assertEquals(RunStatus.INVALID_PAYLOAD, run.status());
    assertTrue(run.error().message().contains("$.name"), run.error().message());
    assertTrue(executions.isEmpty());
    send("good", "demo.strict", "{\"name\": \"Ada\"}", null);
    assertEquals(RunIds.of("good", "strict"), executions.readValue().runId());
  }

  @Test
  void aDelayedEventStartsItsRunNoEarlierThanAsked() {
    send("later", "demo.hello", "{}", T0.plusSeconds(10));
    String runId = RunIds.of("later", "hello");
    assertEquals(RunStatus.PENDING, runs.get(runId).status());
    driver.advanceWallClockTime(Duration.ofSeconds(9));
    assertTrue(executions.isEmpty());
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertEquals(runId, executions.readValue().runId());
  }

  @Test
  void anEventNoJobListensToIsRecordedAndCounted() {
    RunCounters counters = new RunCounters();
    driver.close();
    Properties props = DriverTopics.settings("topology-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, counters)), props, T0);
    triggers = DriverTopics.triggers(driver, topics);
    send("lonely", "nobody.listens", "{}", null);
    KeyValueStore<String, ReceivedEvent> events =
        driver.getKeyValueStore(TriggerProcessor.EVENTS_STORE);
    ReceivedEvent lonely = events.get("lonely");
    assertEquals("nobody.listens", lonely.name());
    assertEquals(List.of(), lonely.matchedJobs());
    assertEquals(1, counters.unmatchedEvents());

    DriverTopics.jobs(driver, topics)
        .pipeInput("late", JobDefinition.of("late", "1", "nobody.listens", T0));
    send(
        "lonely",
        "nobody.listens",
        "{}",
        null); // sent again once a job listens: it starts its run now
    ReceivedEvent again = events.get("lonely");
    assertEquals(List.of("late"), again.matchedJobs());
    assertEquals(List.of(RunIds.of("lonely", "late")), again.runIds());
    assertEquals(2, again.deliveries());
    assertEquals(
        RunStatus.EXECUTING,
        driver
            .<String, RunState>getKeyValueStore(RunStores.RUNS)
            .get(RunIds.of("lonely", "late"))
            .status());
  }

  @Test
  void anExecutionNoWorkerHasTakenIsNeverLeasedOutAgain() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    executions.readValuesToList();
    assertEquals(RunState.WAITING_ON_WORKER, runs.get(runId).waitingOn());
    for (int i = 0; i < 5; i++) { // queued behind a backlog for five leases
      driver.advanceWallClockTime(dev.runlog.engine.run.RunPolicy.DEFAULT_LEASE.plusSeconds(1));
    }
    assertTrue(executions.isEmpty(), "no second execution stacked behind the first");
    assertTrue(
        runEventsOut.readValuesToList().stream()
            .noneMatch(e -> e.body() instanceof RunEventBody.ExecutionLeaseExpired));
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.TaskCompleted("a", "1", T0, 1)));
    assertEquals(null, runs.get(runId).waitingOn(), "taken");
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.RunSucceeded(null)));
    assertEquals(RunStatus.SUCCESS, runs.get(runId).status());
  }

  @Test
  void anExpiredLeaseDispatchesTheRunAgain() {
    sendAvro("evt-1", "{}");
    String runId = RunIds.of("evt-1", "hello");
    executions.readValuesToList();
    runEvents.pipeInput(
        worker(
            runId,
            1,
            new RunEventBody.ExecutionHeartbeat(null))); // a worker took it, then went silent
    driver.advanceWallClockTime(dev.runlog.engine.run.RunPolicy.DEFAULT_LEASE.plusSeconds(1));
    ExecuteRun again = executions.readValue();
    assertEquals(2, again.execution());
    assertTrue(
        runEventsOut.readValuesToList().stream()
            .anyMatch(e -> e.body() instanceof RunEventBody.ExecutionLeaseExpired));
    runEvents.pipeInput(worker(runId, 1, new RunEventBody.RunSucceeded(null)));
    assertEquals(
        RunStatus.EXECUTING, runs.get(runId).status(), "the lost execution's late news is fenced");
  }

  private void send(String id, String name, String payload, Instant deliverAt) {
    TriggerEvent event = new TriggerEvent(id, name, payload, null, T0, deliverAt, "test");
    triggers.pipeInput(
        id.getBytes(StandardCharsets.UTF_8),
        topics.triggers().valueSerde().serializer().serialize("", event));
  }

  private void sendAvro(String id, String payload) {
    TriggerEvent event = new TriggerEvent(id, "demo.hello", payload, null, T0, null, "test");
    triggers.pipeInput(
        id.getBytes(StandardCharsets.UTF_8),
        topics.triggers().valueSerde().serializer().serialize("", event));
  }

  private static TestRecord<String, RunEvent> worker(
      String runId, long execution, RunEventBody body) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    return new TestRecord<>(runId, RunEvent.worker(runId, T0, execution, body), headers, T0);
  }

  private static long count(KeyValueStore<String, ?> store) {
    try (var it = store.all()) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    }
  }
}
