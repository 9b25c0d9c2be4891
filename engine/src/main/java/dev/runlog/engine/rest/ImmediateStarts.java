package dev.runlog.engine.rest;

import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.engine.trigger.FirstStart;
import dev.runlog.engine.trigger.TriggerProgress;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs an event sent to the API starts at once, decided before the API appends it, by the same
 * run machine the trigger processor asks: the API then writes their start itself ({@link
 * EventSender#send(TriggerEvent, List)}), and a worker runs them without waiting for the engine's
 * exactly-once commit of the trigger (~5 ms here, most of a 1-task run's time). Thread-safe.
 */
final class ImmediateStarts {
  private static final Logger LOG = LoggerFactory.getLogger(ImmediateStarts.class);

  private record Parsed(JobDefinition job, RunPolicy policy) {}

  private final Supplier<RunQueries> queries;
  private final EventSender triggers;
  private final TriggerProgress progress;
  private final Predicate<String> connected;
  private final Clock clock;
  private final Map<String, Parsed> policies = new ConcurrentHashMap<>();
  private volatile JobRegistry jobs;

  /**
   * @param connected whether a managed connection exists now, by key: a run that needs one that
   *     does not is left to the engine, where it waits
   * @param triggers where triggers go, and where their partitions end
   * @param progress how far this instance's trigger processor has read them
   */
  ImmediateStarts(
      Supplier<RunQueries> queries,
      Predicate<String> connected,
      Clock clock,
      EventSender triggers,
      TriggerProgress progress) {
    this.triggers = triggers;
    this.progress = progress;
    this.queries = queries;
    this.connected = connected;
    this.clock = clock;
  }

  /**
   * The starts of the runs {@code event} makes that run at once; the rest are the engine's. None
   * unless this instance's trigger processor has read the partition of the event's trigger to its
   * end: an earlier copy of the event (a client sending again after an engine died before it
   * answered) is then in the events store, which the caller asks after this.
   */
  List<FirstStart> of(TriggerEvent event) {
    if (RecordLimits.inputProblem(event.payload(), event.context()) != null) {
      return List.of(); // the engine sends it to dead letters
    }
    List<JobDefinition> matching;
    try {
      matching = matching(event);
    } catch (RuntimeException e) { // the jobs store cannot be read now: the engine's path is open
      jobs = null;
      LOG.debug("event {} left to the engine: {}", event.id(), e.toString());
      return List.of();
    }
    Instant now = clock.instant();
    List<FirstStart> starts = new ArrayList<>();
    for (JobDefinition job : matching) {
      RunPolicy policy = policy(job);
      if (policy == null) {
        continue;
      }
      RunEvent created = FirstStart.created(event, job, Origin.API, now);
      FirstStart start = FirstStart.ifAtOnce(created, event, job, policy, now, connected);
      if (start != null) {
        starts.add(start);
      }
    }
    return starts.isEmpty() || caughtUp(event) ? starts : List.of();
  }

  /**
   * True when this instance's trigger processor has read the partition of the event's trigger to
   * its end; not when the partition is read elsewhere, or Kafka does not say where it ends (the
   * engine's path then finds an earlier copy).
   */
  private boolean caughtUp(TriggerEvent event) {
    int partition = triggers.triggerPartition(event.id());
    try {
      return progress.readUpTo(partition, triggers.triggerEnd(partition));
    } catch (ApiError e) {
      LOG.debug("event {} left to the engine: {}", event.id(), e.getMessage());
      return false;
    }
  }

  private List<JobDefinition> matching(TriggerEvent event) {
    JobRegistry registry = registry();
    if (event.job() == null) {
      return registry.listeningTo(event.name());
    }
    JobDefinition job = registry.get(event.job());
    return job == null ? List.of() : List.of(job);
  }

  /** Null when the job's definition does not parse: the engine's policies deal with it. */
  private RunPolicy policy(JobDefinition job) {
    Parsed parsed = policies.get(job.id());
    if (parsed == null || !parsed.job().equals(job)) {
      try {
        parsed = new Parsed(job, RunPolicy.of(job));
      } catch (IllegalArgumentException e) {
        return null;
      }
      policies.put(job.id(), parsed);
    }
    return parsed.policy();
  }

  /** A registry that reads the global jobs store on each call (it decodes each definition once). */
  private JobRegistry registry() {
    JobRegistry registry = jobs;
    if (registry == null) {
      registry = queries.get().jobs();
      jobs = registry;
    }
    return registry;
  }
}
