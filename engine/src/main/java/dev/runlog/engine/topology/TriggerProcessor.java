package dev.runlog.engine.topology;

import dev.runlog.engine.connection.ConnectionDirectory;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.index.EventTimeIndex;
import dev.runlog.engine.job.JobChanges;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.retention.EventPartitions;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.store.Staging;
import dev.runlog.engine.timer.TimerStore;
import dev.runlog.engine.trigger.FirstStart;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.engine.trigger.StartedByApi;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody.WaitResolved;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches each trigger event against the registered jobs and appends a {@code RunCreated} per
 * match, keyed by the derived run id; the run processor owns everything after that. An event that
 * names its job (a child run's, from {@code io.invoke}) starts a run of that job only, linked to
 * its parent; when that job is not registered, the parent is told so at once.
 *
 * <p>One hop less for the common case: when the run machine says that creating the run starts it at
 * once (valid payload, no concurrency limit, no delivery time ahead), the trigger processor also
 * dispatches its first execution, in the same transaction, and marks the {@code RunCreated} so that
 * the run processor records the start without dispatching again. Under exactly-once that saves a
 * commit (measured: ~5 ms of a 1-task run's ~15). It does so only for the first sighting of an
 * event keyed by its own id (the events store is partitioned like the triggers): a redelivered
 * event must not dispatch a second execution 1, so it takes the plain path and the run processor
 * drops it.
 *
 * <p>Every event read is recorded in the {@code events} store ({@link ReceivedEvent}): the jobs it
 * matched and the runs it started, or none, so that an event no job listens to is accounted for.
 *
 * <p>All or nothing per trigger: its forwards and its record in the events store are staged and go
 * out once every matching job was handled. A trigger whose processing throws goes to dead letters
 * with the exception, and none of its runs is created (rather than some of them).
 */
public final class TriggerProcessor implements Processor<byte[], byte[], Object, Object> {
  public static final String EVENTS_STORE = "events";
  private static final Logger LOG = LoggerFactory.getLogger(TriggerProcessor.class);
  private final RunCounters counters;
  private final RunWatch watch;
  private final CommitPacer pacer;
  private final Retention retention;
  private final ConnectionDirectory connections;
  private final Staging staging = new Staging();
  private ProcessorContext<Object, Object> context;
  private JobRegistry jobs;
  private Policies policies;
  private KeyValueStore<String, ReceivedEvent> events;
  private KeyValueStore<String, String> byTime;
  private TimerStore expiries;
  private final JobChanges jobChanges;

  /**
   * @param connections which managed connections exist: a run that needs one that does not is not
   *     started here, but left to the run processor, where it waits
   * @param jobChanges counts the changes to the jobs store (null: read it on every call)
   */
  public TriggerProcessor(
      RunCounters counters,
      CommitPacer pacer,
      Retention retention,
      ConnectionDirectory connections,
      RunWatch watch,
      JobChanges jobChanges) {
    this.jobChanges = jobChanges;
    this.watch = watch;
    this.counters = counters;
    this.pacer = pacer;
    this.retention = retention;
    this.connections = connections;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    KeyValueStore<String, byte[]> store = context.getStateStore(EngineTopology.JOBS_STORE);
    this.jobs = new JobRegistry(store, jobChanges);
    this.policies = new Policies(jobs);
    this.events = staging.stage(context.getStateStore(EVENTS_STORE));
    this.byTime = staging.stage(context.getStateStore(EventTimeIndex.STORE));
    this.expiries = new TimerStore(staging.stage(context.getStateStore(EventExpiry.TIMERS)));
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    handle(record);
    // once its record is in the stores, or in dead letters: the API may start runs of the
    // partition's later events itself (TriggerProgress)
    context.recordMetadata().ifPresent(m -> watch.triggers().read(m.partition(), m.offset()));
  }

  @Override
  public void close() {
    watch.triggers().forget(context.taskId().partition());
  }

  private void handle(Record<byte[], byte[]> record) {
    pacer.arrived(context, record.timestamp());
    TriggerEvent event;
    try {
      event = decode(record);
    } catch (DecodeException e) {
      LOG.warn("trigger sent to dead letters: {}", e.getMessage());
      DeadLetters.send(context, record.key(), record.value(), e.getMessage());
      counters.deadLetter();
      return;
    }
    TriggerEvent decoded = event;
    RuntimeException failed = staging.attempt(context, () -> start(record, decoded));
    if (failed != null) {
      String reason = DeadLetters.sendFailed(context, record.key(), record.value(), failed);
      counters.processingError();
      LOG.error("trigger {} sent to dead letters, no run created: {}", event.id(), reason, failed);
    }
  }

  /**
   * The trigger {@code record} holds, when the engine can take it: readable, and no larger than its
   * run's records can carry (one too large would fail every transaction it is in). Its payload and
   * context are counted as the JSON strings the run's stores hold.
   */
  private TriggerEvent decode(Record<byte[], byte[]> record) {
    String problem =
        record.value() == null
            ? null
            : RecordLimits.sizeProblem(
                "a trigger", record.value().length, RecordLimits.TRIGGER_BYTES);
    if (problem != null) {
      throw new DecodeException(problem);
    }
    TriggerEvent event =
        Codecs.TRIGGER_EVENT.decode(
            record.value(), fallbackId(record), Instant.ofEpochMilli(record.timestamp()));
    problem = RecordLimits.inputProblem(event.payload(), event.context());
    if (problem != null) {
      throw new DecodeException("trigger's " + problem);
    }
    return event;
  }

  /**
   * Creates a run of every job listening to {@code event}, and starts at once those that may start.
   */
  private void start(Record<byte[], byte[]> record, TriggerEvent event) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    List<JobDefinition> matching = matching(event);
    if (matching.isEmpty() && event.parentRunId() != null) {
      noSuchChild(event, now); // else its parent would wait for it forever
    }
    ReceivedEvent before = events.get(event.id());
    boolean firstSighting = before == null && keyedByItsId(record, event);
    List<String> startedByApi = StartedByApi.jobs(record.headers());
    record(event, before, jobIds(matching, startedByApi), now);
    if (before == null) { // an event id counts once for the waits too
      staging.forward(EventWaits.occurred(event, now), EventWaits.SINK);
    }
    int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
    for (JobDefinition job : matching) {
      if (startedByApi.contains(job.id())) {
        continue; // the API wrote its start before it accepted the event: nothing left to do
      }
      RunEvent runEvent = FirstStart.created(event, job, Origin.TRIGGER, now);
      FirstStart start =
          firstSighting
              ? FirstStart.ifAtOnce(
                  runEvent, event, job, policies.of(job.id()), now, connections::exists)
              : null;
      if (start == null) {
        Record<Object, Object> out =
            EngineTopology.runEventRecord(runEvent, record.timestamp(), false);
        EventPartitions.mark(
            out.headers(), partition); // where this event's record is, for the run's expiry
        staging.forward(out, EngineTopology.RUN_EVENTS_SINK);
      } else {
        // Stamped with the engine's clock: a worker catching up finds the run in the log by that
        // time.
        Record<Object, Object> out = dispatched(runEvent, start.started(), now);
        EventPartitions.mark(out.headers(), partition);
        staging.forward(out, EngineTopology.RUN_EVENTS_SINK);
        for (RunEvent started : start.started()) { // what the run processor would have written
          staging.forward(dispatched(started, List.of(), now), EngineTopology.RUN_EVENTS_SINK);
        }
        staging.forward(
            new Record<Object, Object>(start.runId(), start.execution(), now.toEpochMilli()),
            EngineTopology.EXECUTIONS_SINK);
      }
      pacer.wrote(context);
    }
  }

  /** The jobs {@code event} starts a run of: the one it names, else those listening to it. */
  private List<JobDefinition> matching(TriggerEvent event) {
    if (event.job() == null) {
      return jobs.listeningTo(event.name());
    }
    JobDefinition job = jobs.get(event.job());
    return job == null ? List.of() : List.of(job);
  }

  /** Tells the run that invoked a job that is not registered that no child will come. */
  private void noSuchChild(TriggerEvent event, Instant now) {
    String jobId = event.job() == null ? "(none)" : event.job();
    ChildResult result =
        new ChildResult(
            event.job() == null ? null : RunIds.of(event.id(), event.job()),
            ChildResult.UNKNOWN_JOB,
            null,
            ErrorInfo.of("UnknownJob", "job '" + jobId + "' is not registered"));
    RunEvent told =
        RunEvent.engine(
            event.parentRunId(), now, new WaitResolved(event.parentKey(), result.toJson()));
    staging.forward(
        EngineTopology.runEventRecord(told, now.toEpochMilli(), false),
        EngineTopology.RUN_EVENTS_SINK);
    LOG.info("run {} invoked job {}, which is not registered", event.parentRunId(), jobId);
  }

  /**
   * The ids of the jobs {@code event} started runs of: those that match it now, and those the API
   * started before the engine read it (one may have been removed since).
   */
  private static List<String> jobIds(List<JobDefinition> matching, List<String> startedByApi) {
    List<String> ids = new ArrayList<>(matching.stream().map(JobDefinition::id).toList());
    startedByApi.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
    return ids;
  }

  private void record(TriggerEvent event, ReceivedEvent before, List<String> jobIds, Instant now) {
    List<String> runIds = jobIds.stream().map(job -> RunIds.of(event.id(), job)).toList();
    events.put(
        event.id(),
        before == null
            ? new ReceivedEvent(
                event.id(),
                event.name(),
                now,
                event.timestamp(),
                event.deliverAt(),
                jobIds,
                runIds,
                1,
                now)
            : before.again(jobIds, runIds, now));
    if (before == null) {
      EventTimeIndex.add(byTime, event.id(), now);
    }
    // for the live pages and whoever waits for the event, once it is in the stores
    staging.afterwards(() -> watch.eventReceived(event.id()));
    if (jobIds.isEmpty() && before == null) {
      EventExpiry.unmatched(
          retention, expiries, event.id(), now); // an event that starts runs goes with them
    }
    if (jobIds.isEmpty()) {
      counters.unmatched();
      LOG.debug("event {} ({}) matches no job: no run", event.id(), event.name());
    }
  }

  private static Record<Object, Object> dispatched(
      RunEvent event, List<RunEvent> then, Instant now) {
    Record<Object, Object> out = EngineTopology.runEventRecord(event, now.toEpochMilli(), false);
    EngineTopology.markDispatched(out.headers(), then);
    return out;
  }

  private static boolean keyedByItsId(Record<byte[], byte[]> record, TriggerEvent event) {
    return record.key() != null
        && Arrays.equals(record.key(), event.id().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A JSON trigger without an id takes its key, else its position in the topic: both are stable on
   * re-reads.
   */
  private String fallbackId(Record<byte[], byte[]> record) {
    if (record.key() != null && record.key().length > 0) {
      return new String(record.key(), StandardCharsets.UTF_8);
    }
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "-" + m.offset())
        .orElse(null);
  }
}
