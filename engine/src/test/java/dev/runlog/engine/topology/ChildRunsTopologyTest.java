package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.run.ChildLink;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.WaitState;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.ChildResult;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * The wiring of child runs: a trigger that names its job and parent makes a linked child run, the
 * parent lists it, learns its end, and learns at once when the job does not exist.
 */
class ChildRunsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Topics topics = new Topics("t");
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> triggers;
  private TestInputTopic<String, RunEvent> runEvents;
  private TestOutputTopic<String, RunEvent> runEventsOut;
  private KeyValueStore<String, RunState> runs;
  private final String parent = RunIds.of("evt-p", "parent");
  @TempDir Path stateDir;

  @BeforeEach
  void setUp() {
    Properties props = DriverTopics.settings("child-runs-test", stateDir);
    driver =
        new TopologyTestDriver(
            EngineTopology.build(TestTopologyOptions.of(topics, new RunCounters())), props, T0);
    TestInputTopic<String, JobDefinition> jobs = DriverTopics.jobs(driver, topics);
    jobs.pipeInput("parent", JobDefinition.of("parent", "1", "p.start", T0));
    jobs.pipeInput("child", JobDefinition.of("child", "1", "c.start", T0));
    triggers = DriverTopics.triggers(driver, topics);
    runEvents = DriverTopics.runEventsIn(driver, topics);
    runEventsOut = DriverTopics.runEventsOut(driver, topics);
    runs = driver.getKeyValueStore(RunStores.RUNS);
    trigger(new TriggerEvent("evt-p", "p.start", "{}", null, T0, null, "test"));
    runEventsOut.readValuesToList();
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void anInvokedChildIsLinkedBothWaysAndItsEndResumesItsParent() {
    runEvents.pipeInput(worker(parent, new RunEventBody.TaskCompleted("thumb", "\"x\"", T0, 1)));
    String child = RunIds.of(parent + ":thumb", "child");
    trigger(
        new TriggerEvent(
            parent + ":thumb", "c.start", "{}", null, T0, null, "sdk", "child", parent, "thumb"));
    runEvents.pipeInput(worker(parent, new RunEventBody.ChildWaitRequested("thumb", child, null)));
    assertEquals(RunStatus.WAITING, runs.get(parent).status());

    RunState childRun = runs.get(child);
    assertNotNull(childRun, "the child run exists");
    assertEquals(parent, childRun.parent().runId());
    assertEquals("thumb", childRun.parent().key());
    KeyValueStore<String, ChildLink> children = driver.getKeyValueStore(RunStores.CHILDREN);
    List<ChildLink> listed = RunStores.children(children, parent);
    assertEquals(1, listed.size());
    assertEquals(
        List.of("thumb", child, "child"),
        List.of(listed.get(0).key(), listed.get(0).runId(), listed.get(0).jobId()));

    runEvents.pipeInput(worker(child, new RunEventBody.RunSucceeded("{\"w\":64}")));
    assertEquals(RunStatus.SUCCESS, runs.get(child).status());
    assertEquals(RunStatus.EXECUTING, runs.get(parent).status(), "resumed with the result");
    KeyValueStore<String, WaitState> waits = driver.getKeyValueStore(RunStores.WAITS);
    ChildResult result = ChildResult.parse(waits.get(RunStores.stepKey(parent, "thumb")).result());
    assertEquals(new ChildResult(child, "SUCCESS", "{\"w\":64}", null), result);
  }

  @Test
  void cancelingAParentThatWaitsOnAChildCancelsTheChild() {
    String child = RunIds.of(parent + ":thumb", "child");
    trigger(
        new TriggerEvent(
            parent + ":thumb", "c.start", "{}", null, T0, null, "sdk", "child", parent, "thumb"));
    runEvents.pipeInput(worker(parent, new RunEventBody.ChildWaitRequested("thumb", child, null)));
    assertEquals(RunStatus.EXECUTING, runs.get(child).status());

    runEvents.pipeInput(
        parent,
        new RunEvent(
            parent, T0, Origin.API, null, new RunEventBody.CancelRequested("stop", "api")));
    assertEquals(RunStatus.CANCELED, runs.get(parent).status());
    assertTrue(runs.get(child).cancelRequested(), "the child it waited on is told to stop");
  }

  @Test
  void anInvokeOfAnUnknownJobTellsTheParentAtOnce() {
    trigger(
        new TriggerEvent(
            parent + ":x", "c.start", "{}", null, T0, null, "sdk", "nope", parent, "x"));
    List<RunEvent> out = runEventsOut.readValuesToList();
    RunEvent told =
        out.stream()
            .filter(e -> e.body() instanceof RunEventBody.WaitResolved)
            .findFirst()
            .orElseThrow();
    assertEquals(parent, told.runId());
    ChildResult result = ChildResult.parse(((RunEventBody.WaitResolved) told.body()).result());
    assertEquals(ChildResult.UNKNOWN_JOB, result.status());
    assertTrue(result.error().message().contains("'nope' is not registered"));
    assertTrue(
        out.stream().noneMatch(e -> e.body() instanceof RunEventBody.RunCreated),
        "no run of a job that does not exist");
  }

  private void trigger(TriggerEvent event) {
    triggers.pipeInput(
        event.id().getBytes(StandardCharsets.UTF_8), Codecs.TRIGGER_EVENT.encode(event));
  }

  private static TestRecord<String, RunEvent> worker(String runId, RunEventBody body) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Origin.HEADER, "WORKER".getBytes(StandardCharsets.UTF_8));
    return new TestRecord<>(runId, RunEvent.worker(runId, T0, 1, body), headers, T0);
  }
}
