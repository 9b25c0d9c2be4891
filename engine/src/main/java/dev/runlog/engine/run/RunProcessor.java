package dev.runlog.engine.run;

import dev.runlog.engine.EngineTopology;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.execution.Dispatch;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell around {@link RunMachine}: for each event read from {@code run-events} it
 * loads the state the event touches, asks {@code decide}, folds with {@code evolve}, saves, and
 * writes what was decided (engine events, executions). Engine events are folded when written, so
 * when they come back on {@code run-events} they are skipped by their origin header, undecoded.
 */
public final class RunProcessor implements Processor<String, byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);
  private static final byte[] ENGINE_ORIGIN = Origin.ENGINE.name().getBytes(StandardCharsets.UTF_8);

  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RunState> runs;
  private KeyValueStore<String, RunInput> inputs;
  private KeyValueStore<String, TaskState> tasks;
  private JobRegistry jobs;
  private final RunCounters counters;

  public RunProcessor(RunCounters counters) {
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.runs = context.getStateStore(RunStores.RUNS);
    this.inputs = context.getStateStore(RunStores.INPUTS);
    this.tasks = context.getStateStore(RunStores.TASKS);
    KeyValueStore<String, byte[]> jobStore = context.getStateStore(EngineTopology.JOBS_STORE);
    this.jobs = new JobRegistry(jobStore);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (isEngineEvent(record)) {
      return;
    }
    RunEvent event;
    try {
      event = Codecs.RUN_EVENT.decode(record.value());
      if (!event.runId().equals(record.key())) {
        throw new DecodeException("record key " + record.key() + " is not the event's run id " + event.runId());
      }
    } catch (DecodeException e) {
      LOG.warn("run event sent to dead letters: {}", e.getMessage());
      DeadLetters.send(context, bytes(record.key()), record.value(), e.getMessage());
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Touched state = load(event);
    JobDefinition job = jobs.get(jobId(state, event));
    Decision decision = RunMachine.decide(state, event, job, now);
    if (decision instanceof Decision.Ignore ignore) {
      counters.ignored(ignore.reason());
      LOG.debug("ignored {} of {}: {}", event.type(), event.runId(), ignore.reason());
      return;
    }
    Decision.Accept accept = (Decision.Accept) decision;
    if (event.body() instanceof RunCreated c) {
      inputs.put(event.runId(), new RunInput(c.payload(), c.context(), c.eventTimestamp(), c.replayOf()));
    }
    apply(state, event);
    for (RunEventBody body : accept.then()) {
      RunEvent derived = RunEvent.engine(event.runId(), now, body);
      apply(load(derived), derived);
      context.forward(EngineTopology.runEventRecord(derived, context.currentSystemTimeMs()), EngineTopology.RUN_EVENTS_SINK);
    }
    if (accept.dispatch()) {
      dispatch(event.runId(), job);
    }
  }

  private Touched load(RunEvent event) {
    RunState run = runs.get(event.runId());
    String key = RunMachine.taskKey(event.body());
    TaskState task = key == null || run == null ? null : tasks.get(RunStores.taskKey(event.runId(), key));
    return new Touched(run, task);
  }

  private void apply(Touched before, RunEvent event) {
    Touched after = RunMachine.evolve(before, event);
    runs.put(event.runId(), after.run());
    if (after.task() != null) {
      tasks.put(RunStores.taskKey(event.runId(), after.task().key()), after.task());
    }
    if (before.run() == null || before.run().status() != after.run().status()) {
      counters.transition(after.run().status());
    }
  }

  private void dispatch(String runId, JobDefinition job) {
    RunState run = runs.get(runId);
    RunInput input = inputs.get(runId);
    List<TaskSnapshot> done = RunStores.tasks(tasks, runId).stream()
        .filter(t -> t.status() == TaskStatus.COMPLETED)
        .map(t -> TaskSnapshot.completed(t.key(), t.output(), t.attempts()))
        .toList();
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    ExecuteRun execute = new ExecuteRun(runId, run.jobId(), run.jobVersion(), run.execution(), input.payload(), input.context(),
        run.eventId(), run.eventName(), input.eventTimestamp(), run.createdAt(), done, List.of(), meta.partition(), meta.offset(),
        job == null ? null : job.sliceMillis(), false);
    String queue = job == null ? null : job.queue();
    context.forward(new Record<Object, Object>(runId, new Dispatch(queue, execute), context.currentSystemTimeMs()), EngineTopology.EXECUTIONS_SINK);
  }

  private static String jobId(Touched state, RunEvent event) {
    if (state.run() != null) {
      return state.run().jobId();
    }
    return event.body() instanceof RunCreated c ? c.jobId() : null;
  }

  private static boolean isEngineEvent(Record<String, byte[]> record) {
    Header origin = record.headers().lastHeader(Origin.HEADER);
    return origin != null && java.util.Arrays.equals(origin.value(), ENGINE_ORIGIN);
  }

  private static byte[] bytes(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }
}
