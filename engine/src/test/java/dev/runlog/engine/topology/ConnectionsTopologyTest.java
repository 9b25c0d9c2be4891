package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.connection.ConnectionDirectory;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.NamedLimit;
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
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * Runs that wait for managed connections, through the whole topology: they wait in the index of
 * their partition, holding no concurrency slot, and the wall-clock punctuation starts them once
 * their connections exist; it reads the index only when something changed.
 */
class ConnectionsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Topics topics = new Topics("t");
  private final Connections connections = new Connections();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, RunEvent> runEvents;
  private ExecutionsOut executions;
  private Instant now = T0;

  /** The catalog as the processors see it, counting how often they ask. */
  private static final class Connections implements ConnectionDirectory {
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final AtomicLong version = new AtomicLong();
    final AtomicInteger asked = new AtomicInteger();

    void add(String key) {
      keys.add(key);
      version.incrementAndGet();
    }

    @Override
    public boolean exists(String key) {
      asked.incrementAndGet();
      return keys.contains(key);
    }

    @Override
    public long version() {
      return version.get();
    }
  }

  @BeforeEach
  void setUp() {
    Properties props = DriverTopics.settings("connections-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(
                TestTopologyOptions.of(topics, new RunCounters()).withConnections(connections)),
            props,
            T0);
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    // two jobs share a limit of one run at a time; only "notify" needs connections
    var jobs = DriverTopics.jobs(driver, topics);
    jobs.pipeInput(
        "notify",
        job("notify", "notify.me", Duration.ofMinutes(10))
            .withIntegrations(
                List.of(
                    new IntegrationUse("slack", "slack", IntegrationUse.MANAGED),
                    new IntegrationUse("crm", "http", IntegrationUse.PER_ACCOUNT))));
    jobs.pipeInput("plain", job("plain", "plain.work", null));
    executions = ExecutionsOut.of(driver, topics, "notify", "plain");
  }

  private static JobDefinition job(String id, String event, Duration maxDuration) {
    return JobDefinition.of(id, "1", event, T0)
        .withSharedLimit(new NamedLimit("shared", 1))
        .withMaxDurationMillis(maxDuration == null ? null : maxDuration.toMillis())
        .withWorkerId("w");
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void aWaitingRunHoldsNoSlotAndStartsOnceItsConnectionsExist() {
    String waiting = send("n1", "notify.me", "{\"accountId\":\"acme\"}");
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run(waiting).status());
    assertEquals(List.of("slack", "crm/acme"), run(waiting).connections());
    assertEquals(
        List.of("slack", "crm/acme"), waits().get(waiting).connections(), "indexed by run");
    assertTrue(executions.isEmpty());

    String plain = send("p1", "plain.work", null);
    assertEquals(
        RunStatus.EXECUTING,
        run(plain).status(),
        "the shared slot is free: the waiting run has none");
    assertEquals(plain, executions.readValue().runId());

    connections.add("slack");
    advance(ConnectionWaits.INTERVAL);
    assertEquals(
        RunStatus.WAITING_ON_CONNECTIONS, run(waiting).status(), "crm/acme is missing still");

    connections.add("crm/globex"); // another account's
    advance(ConnectionWaits.INTERVAL);
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run(waiting).status());

    connections.add("crm/acme");
    advance(ConnectionWaits.INTERVAL);
    assertEquals(
        RunStatus.QUEUED, run(waiting).status(), "resolved, it asks for the slot plain holds");
    assertNull(waits().get(waiting), "no longer indexed");
    assertEquals(1, eventsOf(waiting, RunEventBody.ConnectionsResolved.class));

    runEvents.pipeInput(
        plain, RunEvent.worker(plain, now, 1, new RunEventBody.RunSucceeded("\"done\"")));
    assertEquals(RunStatus.SUCCESS, run(plain).status());
    assertEquals(RunStatus.EXECUTING, run(waiting).status(), "the slot freed goes to it");
    ExecuteRun started = executions.readValue();
    assertEquals(waiting, started.runId());
    assertEquals("{\"accountId\":\"acme\"}", started.context());
  }

  @Test
  void aRunCanceledOrTimedOutWhileWaitingLeavesTheIndex() {
    String canceled = send("n2", "notify.me", "{\"accountId\":\"acme\"}");
    String timedOut = send("n3", "notify.me", "{\"accountId\":\"acme\"}");
    assertEquals(Set.of(canceled, timedOut), Set.copyOf(waitingIds()));

    runEvents.pipeInput(
        canceled,
        new RunEvent(
            canceled, now, Origin.API, null, new RunEventBody.CancelRequested("no", "api")));
    assertEquals(RunStatus.CANCELED, run(canceled).status());
    assertEquals(List.of(timedOut), waitingIds());

    advance(Duration.ofMinutes(10).plusSeconds(1));
    assertEquals(RunStatus.TIMED_OUT, run(timedOut).status(), "by the job's maximum duration");
    assertEquals(List.of(), waitingIds());

    connections.add("slack");
    connections.add("crm/acme");
    advance(ConnectionWaits.INTERVAL);
    assertEquals(RunStatus.CANCELED, run(canceled).status());
    assertEquals(RunStatus.TIMED_OUT, run(timedOut).status());
    assertTrue(executions.isEmpty(), "neither started");
  }

  @Test
  void thePunctuationReadsNothingWhileNothingChanged() {
    String waiting = send("n4", "notify.me", "{\"accountId\":\"acme\"}");
    advance(ConnectionWaits.INTERVAL); // the first look after the run started waiting
    int asked = connections.asked.get();
    for (int i = 0; i < 5; i++) {
      advance(ConnectionWaits.INTERVAL);
    }
    assertEquals(asked, connections.asked.get(), "no run checked while nothing changed");
    connections.add("unrelated");
    advance(ConnectionWaits.INTERVAL);
    assertTrue(connections.asked.get() > asked, "a change of the connections: checked again");
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run(waiting).status());
  }

  @Test
  void aRunWithoutTheAccountItsIntegrationNeedsEndsUnresolvedAuth() {
    connections.add("slack");
    String runId = send("n5", "notify.me", "{\"region\":\"eu\"}");
    RunState run = run(runId);
    assertEquals(RunStatus.UNRESOLVED_AUTH, run.status());
    assertTrue(run.error().message().startsWith("crm: "), run.error().message());
    assertEquals(List.of(), waitingIds());
  }

  private String send(String id, String name, String context) {
    TriggerEvent event = new TriggerEvent(id, name, "{}", context, now, null, "test");
    triggers.pipeInput(
        new TestRecord<>(
            id.getBytes(StandardCharsets.UTF_8),
            topics.triggers().valueSerde().serializer().serialize("", event),
            new RecordHeaders(),
            now));
    return RunIds.of(id, name.equals("plain.work") ? "plain" : "notify");
  }

  private void advance(Duration step) {
    driver.advanceWallClockTime(step);
    now = now.plus(step);
  }

  private RunState run(String runId) {
    KeyValueStore<String, RunState> runs = driver.getKeyValueStore(RunStores.RUNS);
    return runs.get(runId);
  }

  private KeyValueStore<String, ConnectionWaits.Wait> waits() {
    return driver.getKeyValueStore(ConnectionWaits.STORE);
  }

  private List<String> waitingIds() {
    List<String> ids = new java.util.ArrayList<>();
    try (var it = waits().all()) {
      it.forEachRemaining(kv -> ids.add(kv.key));
    }
    return ids;
  }

  private long eventsOf(String runId, Class<?> type) {
    return DriverTopics.runEventsOut(driver, topics).readRecordsToList().stream()
        .filter(r -> r.key().equals(runId) && type.isInstance(r.value().body()))
        .count();
  }
}
