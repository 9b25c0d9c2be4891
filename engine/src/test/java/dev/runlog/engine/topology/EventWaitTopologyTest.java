package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.WaitSnapshot;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waits for events through the whole topology: index, buffer, time-outs, bad filters. */
class EventWaitTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Duration RETENTION = Duration.ofHours(1);
  private static final String PAID = "order.paid";
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
    Properties props = DriverTopics.settings("event-wait-test", stateDir);
    DeadLetterOnError.configure(props, new RunCounters(), topics.deadLetters().name());
    driver =
        new TopologyTestDriver(
            EngineTopology.build(
                TestTopologyOptions.of(topics, new RunCounters())
                    .withRetention(Retention.of(RETENTION.toMillis()))
                    .withEventWaitBuffer(new BufferWindow(WINDOW))),
            props,
            T0);
    DriverTopics.jobs(driver, topics)
        .pipeInput("orders", JobDefinition.of("orders", "1", "order.created", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    runEventsOut = DriverTopics.runEventsOut(driver, topics);
    executions = ExecutionsOut.of(driver, topics, "orders");
    deadLetters = DriverTopics.deadLetters(driver, topics);
    runs = driver.getKeyValueStore(RunStores.RUNS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void anEventAfterTheWaitResolvesItAndTheRunResumesWithTheEvent() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", T0.plusSeconds(60));
    assertEquals(RunStatus.WAITING, runs.get(run).status());

    event("p-1", PAID, "{\"orderId\":\"42\",\"amount\":10}", "{\"accountId\":\"a1\"}");

    String resultJson = resolved(run).result();
    JsonNode result = json(resultJson);
    assertEquals("p-1", result.get("id").asText());
    assertEquals(PAID, result.get("name").asText());
    assertEquals(10, result.get("payload").get("amount").asInt());
    assertEquals("a1", result.get("context").get("accountId").asText());
    assertEquals(RunStatus.EXECUTING, runs.get(run).status());
    ExecuteRun resumed = lastExecution();
    assertEquals(2, resumed.execution());
    WaitSnapshot wait = resumed.waits().get(0);
    assertTrue(wait.elapsed());
    assertEquals(resultJson, wait.result(), "the worker gets the event");
    assertEquals(0, count(EventWaitProcessor.WAITERS), "a resolved waiter is forgotten");
    assertEquals(0, count(EventWaitProcessor.SHAPES), "and its shape with it");
  }

  @Test
  void anEventBetweenTheRunsCreationAndTheWaitIsBuffered() {
    String run = order("o-1");
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    event("p-1", PAID, "{\"orderId\":42}", null);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    runEventsOut.readValuesToList();

    waitFor(run, "paid", "{\"payload.orderId\":42}", null);

    assertEquals("p-1", json(resolved(run).result()).get("id").asText());
    assertEquals(RunStatus.EXECUTING, runs.get(run).status(), "the wait ended at once");
    assertEquals(0, count(EventWaitProcessor.WAITERS));
  }

  @Test
  void anEventBeforeTheRunWasCreatedDoesNotCount() {
    event("p-0", PAID, "{\"orderId\":\"42\"}", null);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    String run = order("o-1");

    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);

    assertEquals(List.of(), waitResolutions());
    assertEquals(RunStatus.WAITING, runs.get(run).status());
    assertEquals(1, count(EventWaitProcessor.WAITERS));
  }

  @Test
  void anEventOlderThanTheWindowDoesNotCount() {
    String run = order("o-1");
    event("p-1", PAID, "{\"orderId\":\"42\"}", null);
    assertEquals(2, count(EventWaitProcessor.BUFFER), "every event, the run's own too");
    driver.advanceWallClockTime(WINDOW.plusSeconds(1));
    assertEquals(0, count(EventWaitProcessor.BUFFER), "expired from the buffer");

    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);
    assertEquals(List.of(), waitResolutions());
  }

  @Test
  void aShapeAskedWithLatelyIndexesTheEventsSoTheNextWaitLooksItsKeyUp() {
    String first = order("o-1");
    waitFor(first, "paid", "{\"payload.orderId\":\"42\"}", null);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    String second = order("o-2");
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    event("p-1", PAID, "{\"orderId\":\"42\"}", null);
    event("p-2", PAID, "{\"orderId\":\"43\"}", null);
    event("p-3", PAID, "{\"other\":1}", null);
    assertEquals(2, count(EventBuffer.INDEX), "indexed under the shape seen, by key");
    assertEquals(List.of(first), waitResolutions().stream().map(RunEvent::runId).toList());

    waitFor(second, "paid", "{\"payload.orderId\":\"43\"}", null);
    assertEquals("p-2", json(resolved(second).result()).get("id").asText());

    driver.advanceWallClockTime(WINDOW.plusSeconds(1));
    assertEquals(0, count(EventWaitProcessor.BUFFER));
    assertEquals(0, count(EventBuffer.INDEX), "index entries go with their events");
    assertEquals(0, count(EventBuffer.SEEN), "a shape not asked with for a window is forgotten");
  }

  @Test
  void aRunThatExpiresWhileItWaitsWithoutATimeOutIsForgottenByTheMatcher() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "API".getBytes(StandardCharsets.UTF_8));
    runEvents.pipeInput(
        new TestRecord<>(
            run,
            new RunEvent(run, T0, Origin.API, null, new RunEventBody.CancelRequested("no", "test")),
            headers,
            T0));
    assertEquals(RunStatus.CANCELED, runs.get(run).status());
    assertEquals(1, count(EventWaitProcessor.WAITERS), "kept while the run may be continued");

    driver.advanceWallClockTime(RETENTION.plusSeconds(1));
    assertEquals(0, count(EventWaitProcessor.WAITERS), "gone with the run");
    assertEquals(0, count(EventWaitProcessor.SHAPES));
  }

  @Test
  void aWaitTimesOutAndALaterEventResolvesNothing() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", T0.plusSeconds(2));
    runEventsOut.readValuesToList();
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    assertEquals(
        List.of("WaitElapsed", "RunStarted"),
        runEventsOut.readValuesToList().stream().map(RunEvent::type).toList());
    assertEquals(0, count(EventWaitProcessor.WAITERS), "the matcher forgot the waiter");
    assertEquals(0, count(EventWaitProcessor.SHAPES));

    event("p-1", PAID, "{\"orderId\":\"42\"}", null);
    assertEquals(List.of(), waitResolutions());
    assertTrue(lastExecution().waits().get(0).result() == null, "timed out: no result");
  }

  @Test
  void everyRunWaitingForTheKeyIsResolvedAndOthersAreNot() {
    String first = order("o-1");
    String second = order("o-2");
    String other = order("o-3");
    String byContext = order("o-4");
    waitFor(first, "paid", "{\"payload.orderId\":\"42\"}", null);
    waitFor(second, "paid", "{\"payload.orderId\":\"42\"}", null);
    waitFor(other, "paid", "{\"payload.orderId\":\"43\"}", null);
    waitFor(byContext, "paid", "{\"context.accountId\":\"a1\",\"payload.orderId\":\"42\"}", null);
    runEventsOut.readValuesToList();

    event("p-1", PAID, "{\"orderId\":\"42\"}", "{\"accountId\":\"a1\"}");

    assertEquals(
        List.of(first, second, byContext).stream().sorted().toList(),
        waitResolutions().stream().map(RunEvent::runId).sorted().toList());
    assertEquals(RunStatus.WAITING, runs.get(other).status());
    assertEquals(1, count(EventWaitProcessor.WAITERS), "only the other key's waiter is left");
  }

  @Test
  void theSameEventSentAgainResolvesNoLaterWait() {
    String run = order("o-1");
    event("p-1", PAID, "{\"orderId\":\"42\"}", null);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    String later = order("o-2");
    event("p-1", PAID, "{\"orderId\":\"42\"}", null); // re-sent: one event, counted once
    runEventsOut.readValuesToList();

    waitFor(later, "paid", "{\"payload.orderId\":\"42\"}", null);
    assertEquals(List.of(), waitResolutions());
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);
    assertEquals(List.of(run), waitResolutions().stream().map(RunEvent::runId).toList());
  }

  @Test
  void aFilterThatCannotBeEvaluatedGoesToDeadLettersAndEndsTheWaitWithAnError() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"orderId\":{\"nested\":true}}", null);

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().contains("event wait 'paid' of run " + run), letter.reason());
    assertTrue(letter.reason().contains("payload. or context."), letter.reason());
    JsonNode result = json(resolved(run).result());
    assertTrue(result.get("error").get("message").asText().contains("orderId"));
    assertEquals(RunStatus.EXECUTING, runs.get(run).status(), "resumed, to fail in run()");
    assertEquals(0, count(EventWaitProcessor.WAITERS));

    String next = order("o-2"); // the engine goes on
    waitFor(next, "paid", "not json", null);
    assertTrue(deadLetters.readValue().reason().contains("not JSON"));
  }

  @Test
  void anUnreadableMessageOnTheEventWaitsTopicIsDeadLetteredAndMatchingGoesOn() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);
    String topic = EventWaits.topic(topics);
    driver
        .createInputTopic(
            topic,
            org.apache.kafka.common.serialization.Serdes.String().serializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput(PAID, "{\"type\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8));

    DeadLetter letter = deadLetters.readValue();
    assertTrue(letter.reason().startsWith("cannot deserialize: "), letter.reason());
    assertEquals(topic, letter.sourceTopic());
    event("p-1", PAID, "{\"orderId\":\"42\"}", null);
    assertEquals("p-1", json(resolved(run).result()).get("id").asText());
  }

  @Test
  void aDelayedEventResolvesWaitsAtItsDeliveryTime() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);
    TriggerEvent delayed =
        new TriggerEvent("p-1", PAID, "{\"orderId\":\"42\"}", null, T0, T0.plusSeconds(5), "test");
    triggers.pipeInput(
        "p-1".getBytes(StandardCharsets.UTF_8),
        topics.triggers().valueSerde().serializer().serialize("", delayed));
    assertEquals(List.of(), waitResolutions(), "not before it is delivered");
    driver.advanceWallClockTime(Duration.ofSeconds(6));
    assertEquals("p-1", json(resolved(run).result()).get("id").asText());
    assertEquals(0, count(EventWaitProcessor.DELAYED));
  }

  @Test
  void anEventWithoutTheFilteredFieldResolvesNothing() {
    String run = order("o-1");
    waitFor(run, "paid", "{\"payload.orderId\":\"42\"}", null);
    event("p-1", PAID, "{\"other\":\"42\"}", null);
    event("p-2", PAID, "not json at all", null);
    event("p-3", "order.refunded", "{\"orderId\":\"42\"}", null);
    assertEquals(List.of(), waitResolutions());
    assertTrue(deadLetters.isEmpty());
  }

  private String order(String id) {
    event(id, "order.created", "{\"id\":\"" + id + "\"}", null);
    return RunIds.of(id, "orders");
  }

  private void event(String id, String name, String payload, String context) {
    TriggerEvent event = new TriggerEvent(id, name, payload, context, T0, null, "test");
    triggers.pipeInput(
        id.getBytes(StandardCharsets.UTF_8),
        topics.triggers().valueSerde().serializer().serialize("", event));
  }

  private void waitFor(String runId, String key, String filter, Instant until) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    long execution = runs.get(runId).execution();
    runEvents.pipeInput(
        new TestRecord<>(
            runId,
            RunEvent.worker(
                runId,
                T0,
                execution,
                new RunEventBody.EventWaitRequested(key, PAID, filter, until)),
            headers,
            T0));
  }

  private List<RunEvent> waitResolutions() {
    return runEventsOut.readValuesToList().stream()
        .filter(e -> e.body() instanceof RunEventBody.WaitResolved)
        .toList();
  }

  private RunEventBody.WaitResolved resolved(String runId) {
    return resolved(runId, waitResolutions());
  }

  private static RunEventBody.WaitResolved resolved(String runId, List<RunEvent> events) {
    return events.stream()
        .filter(e -> e.runId().equals(runId) && e.body() instanceof RunEventBody.WaitResolved)
        .map(e -> (RunEventBody.WaitResolved) e.body())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no WaitResolved for " + runId + " in " + events));
  }

  private ExecuteRun lastExecution() {
    List<ExecuteRun> sent = executions.readValuesToList();
    return sent.get(sent.size() - 1);
  }

  private long count(String store) {
    KeyValueStore<String, Object> kv = driver.getKeyValueStore(store);
    try (var it = kv.all()) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    }
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
