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
            EngineTopology.build(TestTopologyOptions.of(topics, new RunCounters())),
            DriverTopics.settings("queue-test", stateDir),
            T0);
    JobDefinition limited =
        JobDefinition.of("limited", "1", "demo.limited", T0).withConcurrencyLimit(1);
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

  @Test
  void oneKeyFloodingItsPerKeyLimitIsReadOnceAMessageAndHoldsUpNoOtherKey() {
    KeyValueStore<String, AdmissionQueue.Entry> store =
        driver.getKeyValueStore(AdmissionQueue.STORE);
    KeyValueStore<String, LimitState> subs = driver.getKeyValueStore(AdmissionProcessor.STORE);
    LimitState state = LimitState.empty(10);
    int mostRead = 0;
    for (int i = 0; i < 2_000; i++) { // tenant a's one slot is taken by its first run
      Reads reads = new Reads(new AdmissionQueue(store, LIMIT, state));
      state = apply(state, tenant("a", "a" + i), subs, reads);
      mostRead = Math.max(mostRead, reads.count);
    }
    assertEquals(1, state.running().size());
    assertEquals(1_999, state.queued());
    assertTrue(mostRead <= 1, "the queue's fronts read per message: " + mostRead);

    Reads reads = new Reads(new AdmissionQueue(store, LIMIT, state));
    LimitState withB = apply(state, tenant("b", "b0"), subs, reads);
    assertEquals(List.of("a0", "b0"), withB.running(), "b's run passes a's queue at once");
    assertTrue(reads.count <= 1, "read: " + reads.count);

    reads = new Reads(new AdmissionQueue(store, LIMIT, withB));
    LimitState after = apply(withB, new AdmissionMessage.Release(LIMIT, "a0", "a"), subs, reads);
    assertEquals(List.of("b0", "a1"), after.running(), "a's next run, in its order");
    assertEquals(1_998, after.queued());
    assertTrue(reads.count <= 2, "read: " + reads.count);

    // the next reads of the fronts start at a2, past the deleted fronts before it
    apply(after, tenant("a", "a2000"), subs, new AdmissionQueue(store, LIMIT, after));
    assertEquals(store.get(LIMIT + '\u0002' + "a2").seq(), store.get(LIMIT + '\u0006').seq());
  }

  @Test
  void aQueueOfTheEngineBeforePerKeyQueuesIsMovedToThemInOrder() {
    KeyValueStore<String, AdmissionQueue.Entry> store =
        driver.getKeyValueStore(AdmissionQueue.STORE);
    KeyValueStore<String, LimitState> subs = driver.getKeyValueStore(AdmissionProcessor.STORE);
    List<AdmissionMessage.Acquire> queued =
        List.of(tenant("a", "a1"), tenant("b", "b1"), tenant("a", "a2"), tenant("b", "b2"));
    for (int seq = 0; seq < queued.size(); seq++) { // as that engine keyed them
      AdmissionMessage.Acquire a = queued.get(seq);
      store.put(LIMIT + '\u0001' + String.format("%016x", seq), new AdmissionQueue.Entry(seq, a));
      store.put(LIMIT + '\u0002' + a.runId(), new AdmissionQueue.Entry(seq, null));
    }
    subs.put(LimitState.subStoreKey(LIMIT, "a"), new LimitState(1, List.of("a0"), List.of()));
    subs.put(LimitState.subStoreKey(LIMIT, "b"), new LimitState(1, List.of("b0"), List.of()));
    LimitState state = new LimitState(2, List.of("a0", "b0"), List.of(), 4, 4);

    state =
        apply(
            state,
            new AdmissionMessage.Release(LIMIT, "b0", "b"),
            subs,
            new AdmissionQueue(store, LIMIT, state));
    assertEquals(List.of("a0", "b1"), state.running());
    state =
        apply(
            state,
            new AdmissionMessage.Release(LIMIT, "a0", "a"),
            subs,
            new AdmissionQueue(store, LIMIT, state));
    assertEquals(List.of("b1", "a1"), state.running());
    assertEquals(
        List.of("a2", "b2"),
        AdmissionQueue.byLimit(store).get(LIMIT).stream()
            .map(AdmissionMessage.Acquire::runId)
            .toList());
  }

  /** Applies {@code message} as the admission processor does, with its per-key states. */
  private static LimitState apply(
      LimitState state,
      AdmissionMessage message,
      KeyValueStore<String, LimitState> subs,
      LimitState.Queue queue) {
    LimitState.Outcome outcome =
        state.apply(message, key -> subs.get(LimitState.subStoreKey(LIMIT, key)), queue);
    outcome.subs().forEach((key, sub) -> subs.put(LimitState.subStoreKey(LIMIT, key), sub));
    return outcome.state();
  }

  private static AdmissionMessage.Acquire tenant(String tenant, String runId) {
    return new AdmissionMessage.Acquire(LIMIT, 10, runId, 1, "created", tenant, 1);
  }

  /** A queue that counts the runs read from it. */
  private static final class Reads implements LimitState.Queue {
    private final LimitState.Queue queue;
    private int count;

    Reads(LimitState.Queue queue) {
      this.queue = queue;
    }

    @Override
    public void add(AdmissionMessage.Acquire a) {
      queue.add(a);
    }

    @Override
    public void remove(String runId) {
      queue.remove(runId);
    }

    @Override
    public java.util.Iterator<AdmissionMessage.Acquire> oldestFirst() {
      java.util.Iterator<AdmissionMessage.Acquire> runs = queue.oldestFirst();
      return new java.util.Iterator<>() {
        @Override
        public boolean hasNext() {
          return runs.hasNext();
        }

        @Override
        public AdmissionMessage.Acquire next() {
          count++;
          return runs.next();
        }
      };
    }

    @Override
    public LimitState with(int limit, List<String> running) {
      return queue.with(limit, running);
    }
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
