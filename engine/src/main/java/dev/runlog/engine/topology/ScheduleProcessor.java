package dev.runlog.engine.topology;

import dev.runlog.connectors.schedule.ScheduleSpec;
import dev.runlog.connectors.schedule.Target;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.job.JobChanges;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.schedule.DeclaredSchedules;
import dev.runlog.engine.schedule.ScheduleMachine;
import dev.runlog.engine.schedule.ScheduleState;
import dev.runlog.engine.source.SourceState;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.timer.Alarm;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the schedules of its partition of the {@code sources} topic (records of kind SCHEDULE; the
 * others are not its business) and fires their ticks. The next tick of each is durable state in the
 * {@code schedules} store, and a tick's trigger event goes out in the same transaction that moves
 * the timer on: under exactly-once, whatever the number of instances and restarts, each tick is
 * sent by one task once (and were it sent twice, its event id, derived from the schedule and the
 * scheduled time, makes one run). What fires when is {@link ScheduleMachine}'s to say.
 *
 * <p>The wall-clock punctuator looks at an in-memory index of next ticks, rebuilt from the store
 * when the task starts (schedules are few), so an idle engine reads no store to learn that nothing
 * is due; it is scheduled for the next tick only ({@link Alarm}), and every {@link #RECONCILE} in
 * the task of partition 0.
 *
 * <p>The task of partition 0 also keeps the schedules jobs declare ({@link DeclaredSchedules}) in
 * step with the {@code jobs} global store: it writes their sources, and deletes them when their job
 * no longer declares them; it remembers what it wrote in the {@code declared-schedules} store.
 */
public final class ScheduleProcessor implements Processor<String, byte[], Object, Object> {
  public static final String NAME = "schedules";
  public static final String STORE = "schedules";
  public static final String DECLARED = "declared-schedules";
  static final String TRIGGERS_SINK = "schedule-triggers-sink";
  static final String SOURCES_SINK = "schedule-sources-sink";
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleProcessor.class);

  /** How often the task of partition 0 compares the jobs' schedules with those it wrote. */
  private static final Duration RECONCILE = Duration.ofSeconds(1);

  private final Duration tick;
  private final CommitPacer pacer;
  private final RunCounters counters;
  private final SourceStatuses statuses;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, ScheduleState> schedules;
  private KeyValueStore<String, String> declared;
  private JobRegistry jobs;

  private record Due(Instant at, String id) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  private final NavigableSet<Due> due = new TreeSet<>();
  private final Map<String, Due> dueOf = new HashMap<>();
  private final Map<String, ScheduleSpec> parsed = new HashMap<>();
  private Map<String, String> lastDeclared;
  private Alarm alarm;
  private final JobChanges jobChanges;
  private long lastReconcileMs = Long.MIN_VALUE / 2;

  /**
   * @param statuses where each schedule's state is reported on this instance (null: nowhere)
   * @param jobChanges counts the changes to the jobs store (null: read it on every call)
   */
  public ScheduleProcessor(
      Duration tick,
      CommitPacer pacer,
      RunCounters counters,
      SourceStatuses statuses,
      JobChanges jobChanges) {
    this.jobChanges = jobChanges;
    this.tick = tick;
    this.pacer = pacer;
    this.counters = counters;
    this.statuses = statuses;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.schedules = context.getStateStore(STORE);
    this.declared = context.getStateStore(DECLARED);
    this.jobs = new JobRegistry(context.getStateStore(EngineTopology.JOBS_STORE), jobChanges);
    try (KeyValueIterator<String, ScheduleState> it = schedules.all()) {
      it.forEachRemaining(
          kv -> {
            index(kv.value);
            report(kv.value);
          });
    }
    alarm =
        Alarm.set(
            context,
            tick,
            context.taskId().partition() == 0 ? RECONCILE : Alarm.LOOK_EVERY,
            () -> due.isEmpty() ? Alarm.NEVER : due.first().at().toEpochMilli(),
            this::punctuate);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    pacer.arrived(context, record.timestamp());
    String id = record.key();
    if (id == null) {
      return;
    }
    if (record.value() == null) {
      remove(id, true);
      return;
    }
    SourceDefinition def;
    try {
      def = Codecs.SOURCE_DEFINITION.decode(record.value());
    } catch (DecodeException e) {
      LOG.warn("source {} sent to dead letters: {}", id, e.getMessage());
      DeadLetters.send(context, bytes(id), record.value(), e.getMessage());
      counters.deadLetter();
      return;
    }
    if (def.kind() != SourceKind.SCHEDULE) {
      remove(id, false); // a schedule whose id now names another kind of source
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    ScheduleState after =
        ScheduleMachine.define(schedules.get(id), id, def.spec(), def.paused(), now);
    schedules.put(id, after);
    index(after);
    report(after);
    if (after.failure() != null) {
      LOG.warn("schedule {} cannot tick: {}", id, after.failure());
    }
  }

  private void punctuate(long nowMs) {
    Instant now = Instant.ofEpochMilli(nowMs);
    boolean wrote = false;
    if (context.taskId().partition() == 0 && nowMs - lastReconcileMs >= RECONCILE.toMillis()) {
      lastReconcileMs = nowMs;
      wrote = reconcile(now);
    }
    while (!due.isEmpty() && !due.first().at().isAfter(now)) {
      Due next = due.pollFirst();
      dueOf.remove(next.id());
      ScheduleState state = schedules.get(next.id());
      if (state != null) {
        wrote |= fire(state, now);
      }
    }
    if (wrote) {
      pacer.wrote(context);
    }
  }

  /** Fires what is due of {@code state}; true when it sent something. */
  private boolean fire(ScheduleState state, Instant now) {
    ScheduleMachine.Fired fired;
    try {
      ScheduleSpec spec = parsed.computeIfAbsent(state.spec(), ScheduleMachine::parse);
      fired = ScheduleMachine.fire(state, spec, now, jobEventName(spec));
    } catch (RuntimeException e) { // a bug: this schedule stops ticking, the others go on
      LOG.error("schedule {} failed to tick; it stops", state.id(), e);
      ScheduleState failed =
          new ScheduleState(
              state.id(),
              state.spec(),
              state.paused(),
              null,
              state.lastFiredAt(),
              state.fired(),
              "ticking failed: " + e,
              state.problem(),
              state.updatedAt());
      schedules.put(state.id(), failed);
      report(failed);
      counters.processingError();
      return false;
    }
    for (TriggerEvent event : fired.events()) {
      context.forward(
          new Record<Object, Object>(event.id(), event, now.toEpochMilli()), TRIGGERS_SINK);
      if (statuses != null) {
        statuses.count(state.id(), "fired");
      }
    }
    ScheduleState after = fired.after();
    schedules.put(after.id(), after);
    index(after);
    if (!java.util.Objects.equals(after.problem(), state.problem())) {
      report(after);
    }
    return !fired.events().isEmpty();
  }

  private String jobEventName(ScheduleSpec spec) {
    if (spec.target() instanceof Target.RunJob run) {
      JobDefinition job = jobs.get(run.jobId());
      return job == null ? null : job.eventName();
    }
    return null;
  }

  /**
   * Brings the declared schedules' sources in step with the jobs; true when it wrote any. Nothing
   * is read from the store while the jobs' schedules stay as they were.
   */
  private boolean reconcile(Instant now) {
    Map<String, String> desired = DeclaredSchedules.of(jobs.all());
    if (desired.equals(lastDeclared)) {
      return false;
    }
    Map<String, String> written = new TreeMap<>();
    try (KeyValueIterator<String, String> it = declared.all()) {
      it.forEachRemaining(kv -> written.put(kv.key, kv.value));
    }
    List<DeclaredSchedules.Change> changes = DeclaredSchedules.changes(written, desired);
    for (DeclaredSchedules.Change change : changes) {
      SourceDefinition def =
          change.spec() == null
              ? null
              : new SourceDefinition(change.id(), SourceKind.SCHEDULE, false, change.spec(), now);
      context.forward(
          new Record<Object, Object>(change.id(), def, now.toEpochMilli()), SOURCES_SINK);
      if (change.spec() == null) {
        declared.delete(change.id());
        LOG.info("schedule {} is no longer declared by its job: deleted", change.id());
      } else {
        declared.put(change.id(), change.spec());
        LOG.info("schedule {} declared by its job: {}", change.id(), change.spec());
      }
    }
    lastDeclared = desired;
    return !changes.isEmpty();
  }

  private void remove(String id, boolean deleted) {
    ScheduleState before = schedules.get(id);
    if (before == null) {
      return;
    }
    schedules.delete(id);
    unindex(id);
    if (deleted && statuses != null) {
      statuses.forget(id);
    }
    LOG.info("schedule {} removed", id);
  }

  private void index(ScheduleState state) {
    unindex(state.id());
    if (!state.paused() && state.failure() == null && state.nextTick() != null) {
      Due d = new Due(state.nextTick(), state.id());
      due.add(d);
      dueOf.put(state.id(), d);
      if (alarm != null) { // null while init indexes the store: the alarm is set after
        alarm.wake(d.at().toEpochMilli());
      }
    }
  }

  private void unindex(String id) {
    Due d = dueOf.remove(id);
    if (d != null) {
      due.remove(d);
    }
  }

  private void report(ScheduleState state) {
    if (statuses == null) {
      return;
    }
    if (state.paused()) {
      statuses.report(state.id(), SourceState.PAUSED, null);
    } else if (state.failure() != null) {
      statuses.report(state.id(), SourceState.FAILING, state.failure());
    } else if (state.problem() != null) {
      statuses.report(state.id(), SourceState.FAILING, state.problem());
    } else {
      statuses.report(state.id(), SourceState.RUNNING, null);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
