package dev.runlog.engine.topology;

import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.retention.EventPartitions;
import dev.runlog.engine.retention.EventRunExpired;
import dev.runlog.engine.retention.Expired;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.WaitState;
import dev.runlog.engine.store.Staging;
import dev.runlog.engine.timer.Alarm;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes finished runs once their retention is over, for the run processor. When a run finishes,
 * {@link #finished} sets one timer, in a store of expiry timers of its own (due-ordered like the
 * runs' timers, and just as durable: it is changelogged, so the schedule survives restarts and
 * moves with its partition). {@link #punctuate} fires the due ones, a bounded number per tick, so
 * that a day's worth of runs expiring at once never holds the stream thread for long, and the runs'
 * own timers (waits, leases) are not queued behind them.
 *
 * <p>Expiring a run deletes every record of it: header, input, tasks, waits, history, log lines,
 * its entry in its job's index and its count, the wait and delivery timers it still had; Kafka
 * Streams writes the tombstones to the changelogs. The cost is that run's size: one prefix scan per
 * store keyed by run id. Its lease and time-out timers, whose due times cannot be rebuilt, fire and
 * delete themselves as before: they find no run. A marker ({@link Expired}) stays one more
 * retention period, and the record of the run's event is told ({@link EventRunExpired}).
 *
 * <p>Nothing on the hot path: one timer put when a run finishes, nothing per task.
 *
 * <p>Reads and writes go through stores staged in the processor's {@link Staging}: an expiry is all
 * or nothing, like the processing of a record. Its staged stores are its own (the processor stages
 * the same stores too, but never both within one record or timer).
 */
public final class RunExpiry {
  /** The expiry timers of runs, and the forget timers of their markers. */
  public static final String TIMERS = "run-expiries";

  /** Runs that expired: run id → {@link Expired}. */
  public static final String MARKERS = "expired-runs";

  public static final String EVENT_EXPIRY_SINK = "event-expiry-sink";

  /**
   * Expiries per tick: a run of a few dozen records each, so a few tens of thousands of deletes at
   * most.
   */
  static final int PER_TICK = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(RunExpiry.class);
  private static final char SEPARATOR = '\u0000';

  private final Retention retention;
  private final Consumer<String> forgotten;
  private final Staging staging;
  private final ProcessorContext<Object, Object> context;
  private final KeyValueStore<String, RunState> runs;
  private final KeyValueStore<String, RunInput> inputs;
  private final List<KeyValueStore<String, ?>> byRun = new ArrayList<>();
  private final KeyValueStore<String, WaitState> waits;
  private final KeyValueStore<String, Expired> markers;
  private final TimerStore runTimers;
  private final TimerStore expiries;
  private final KeyValueStore<String, dev.runlog.engine.index.RunSummary> jobRuns;
  private final KeyValueStore<String, Long> jobCounts;
  private final KeyValueStore<String, String> payloadFields;

  /**
   * @param forgotten told of each run whose header is deleted, for what keeps headers in memory
   */
  public RunExpiry(
      Retention retention,
      ProcessorContext<Object, Object> context,
      Staging staging,
      Consumer<String> forgotten) {
    this.forgotten = forgotten;
    this.retention = retention;
    this.context = context;
    this.staging = staging;
    this.runs = staging.stage(context.getStateStore(RunStores.RUNS));
    this.inputs = staging.stage(context.getStateStore(RunStores.INPUTS));
    this.waits = staging.stage(context.getStateStore(RunStores.WAITS));
    byRun.add(staging.stage(context.getStateStore(RunStores.TASKS)));
    byRun.add(waits);
    byRun.add(staging.stage(context.getStateStore(RunStores.CHILDREN)));
    byRun.add(staging.stage(context.getStateStore(RunHistory.EVENTS)));
    byRun.add(staging.stage(context.getStateStore(RunHistory.LOGS)));
    this.jobRuns = staging.stage(context.getStateStore(JobRunIndex.RUNS));
    this.jobCounts = staging.stage(context.getStateStore(JobRunIndex.COUNTS));
    this.payloadFields = staging.stage(context.getStateStore(PayloadIndex.STORE));
    this.markers = staging.stage(context.getStateStore(MARKERS));
    this.runTimers = new TimerStore(staging.stage(context.getStateStore(TimerStore.NAME)));
    this.expiries = new TimerStore(staging.stage(context.getStateStore(TIMERS)));
  }

  /** Fires the expiry timers as they come due, at most once a {@code tick}. */
  public void schedule(Duration tick) {
    Alarm.forTimers(context, tick, expiries, this::punctuate);
  }

  /**
   * Schedules the expiry of {@code run}, which has just finished (staged with the record that
   * finished it).
   */
  public void finished(RunState run) {
    retention.expiresAt(run).ifPresent(due -> expiries.add(Timer.expire(run.runId(), due)));
  }

  /**
   * Notes, on a run that exists, that its event was also read from triggers partition {@code
   * partition} (sent under another key).
   */
  public void alsoFrom(String runId, int partition) {
    RunInput input = partition < 0 ? null : inputs.get(runId);
    if (input != null && !input.eventPartitions().contains(partition)) {
      inputs.put(
          runId,
          input.withEventPartitions(EventPartitions.with(input.eventPartitions(), partition)));
    }
  }

  /** Fires the due expiry and forget timers, at most {@link #PER_TICK}; each all or nothing. */
  public void punctuate(long wallClockMs) {
    Instant now = Instant.ofEpochMilli(wallClockMs);
    List<Timer> due = expiries.takeDue(now, PER_TICK);
    staging.writeOut(context); // taken, whatever comes of each
    for (Timer timer : due) {
      RuntimeException failed = staging.attempt(context, () -> fire(timer, now));
      if (failed != null) {
        String reason = "expiry failed: " + DeadLetters.describe(failed);
        DeadLetters.sendOther(
            context,
            TIMERS,
            timer.runId().getBytes(StandardCharsets.UTF_8),
            timer.toString().getBytes(StandardCharsets.UTF_8),
            reason);
        LOG.error(
            "{} of run {} sent to dead letters, the run left as it was: {}",
            timer.kind(),
            timer.runId(),
            reason,
            failed);
      }
    }
  }

  private void fire(Timer timer, Instant now) {
    if (timer.kind() == Timer.Kind.FORGET) {
      Expired marker = markers.get(timer.runId());
      if (marker != null
          && !marker
              .forgetAt()
              .isAfter(now)) { // not a newer marker of a run made again with the same id
        markers.put(timer.runId(), null);
      }
      return;
    }
    RunState run = runs.get(timer.runId());
    Instant expiresAt = retention.expiresAt(run).orElse(null);
    if (expiresAt == null) {
      return; // gone already, running again (made anew after an earlier expiry), or runs are now
      // kept for ever
    }
    if (expiresAt.isAfter(now)) {
      expiries.add(
          Timer.expire(run.runId(), expiresAt)); // the retention was made longer since it finished
      return;
    }
    expire(run, now);
  }

  private void expire(RunState run, Instant now) {
    String runId = run.runId();
    RunInput input = inputs.get(runId);
    for (WaitState wait : RunStores.waits(waits, runId)) {
      if (!wait.elapsed() && wait.until() != null) {
        runTimers.remove(Timer.wait(runId, wait.key(), wait.until()));
      }
      if (!wait.elapsed() && wait.eventName() != null) { // the matcher keeps it till it is told
        staging.forward(EventWaits.unregistration(runId, wait, now), EventWaits.SINK);
      }
    }
    if (run.deliverAt() != null) {
      runTimers.remove(Timer.deliver(runId, run.deliverAt()));
    }
    for (KeyValueStore<String, ?> store : byRun) {
      deleteRun(store, runId);
    }
    runs.put(runId, null);
    forgotten.accept(runId);
    inputs.put(runId, null);
    JobRunIndex.remove(jobRuns, jobCounts, run);
    if (input != null) {
      PayloadIndex.remove(payloadFields, run, input.payload());
    }
    Instant forgetAt = retention.forgetAt(now);
    markers.put(runId, new Expired(now, retention.millis(), forgetAt));
    expiries.add(Timer.forget(runId, forgetAt));
    if (input != null && run.eventId() != null) {
      for (int partition : input.eventPartitions()) {
        EventRunExpired message = new EventRunExpired(run.eventId(), runId, partition, now);
        staging.forward(
            new Record<Object, Object>(run.eventId(), message, now.toEpochMilli()),
            EVENT_EXPIRY_SINK);
      }
    }
    LOG.debug("run {} expired", runId);
  }

  /** Deletes the records keyed {@code runId NUL ...}: one prefix scan, the run's size. */
  private static <V> void deleteRun(KeyValueStore<String, V> store, String runId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        store.prefixScan(runId + SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(
        key -> store.put(key, null)); // a null value deletes, without reading the old value first
  }
}
