package dev.runlog.engine.topology;

import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.index.EventTimeIndex;
import dev.runlog.engine.retention.EventRunExpired;
import dev.runlog.engine.retention.Expired;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.store.Staging;
import dev.runlog.engine.timer.Alarm;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import dev.runlog.engine.trigger.ReceivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the records of trigger events (the {@code events} store, beside the trigger processor,
 * partitioned like the triggers) once they are no longer needed:
 *
 * <ul>
 *   <li>an event that started runs: when the last of them expires. The run processor says so on the
 *       event-expiry topic ({@link EventRunExpired}), to the triggers partition of the record. Not
 *       before: while a run lives, its event's record is what stops a redelivery from dispatching
 *       the run's first execution a second time.
 *   <li>an event that started none: a retention period after it was read, by a timer the trigger
 *       processor set then (unless a job registered since made it start runs when it came again).
 * </ul>
 *
 * <p>Either way a marker ({@link Expired}) is left for one more retention period, so that {@code
 * GET /api/events/{id}} says "expired". An event sent again after its record expired is a new
 * event: the deduplication of event ids lasts as long as their records.
 */
public final class EventExpiry implements Processor<String, EventRunExpired, Object, Object> {
  /** Expiry timers of events that started no run, and forget timers of the markers. */
  public static final String TIMERS = "event-expiries";

  /** Events whose record expired: event id → {@link Expired}. */
  public static final String MARKERS = "expired-events";

  private static final Logger LOG = LoggerFactory.getLogger(EventExpiry.class);

  private final Retention retention;
  private final Duration tick;
  private final Staging staging = new Staging();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, ReceivedEvent> events;
  private KeyValueStore<String, Expired> markers;
  private KeyValueStore<String, String> byTime;
  private TimerStore timers;

  public EventExpiry(Retention retention, Duration tick) {
    this.retention = retention;
    this.tick = tick;
  }

  /** The topic of {@link EventRunExpired} messages; partitioned like the triggers. */
  public static String topic(dev.runlog.protocol.topic.Topics topics) {
    return topics.prefix() + ".event-expiry";
  }

  /**
   * Schedules the expiry of the record of an event that started no run, read for the first time at
   * {@code receivedAt}; {@code timers} is the trigger processor's view of {@link #TIMERS}.
   */
  public static void unmatched(
      Retention retention, TimerStore timers, String eventId, Instant receivedAt) {
    retention
        .unmatchedEventExpiresAt(receivedAt)
        .ifPresent(due -> timers.add(Timer.expire(eventId, due)));
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.events = staging.stage(context.getStateStore(TriggerProcessor.EVENTS_STORE));
    this.markers = staging.stage(context.getStateStore(MARKERS));
    this.byTime = staging.stage(context.getStateStore(EventTimeIndex.STORE));
    this.timers = new TimerStore(staging.stage(context.getStateStore(TIMERS)));
    // The trigger processor adds the timers of unmatched events through its own view of the store,
    // which does not wake this alarm: those fire up to Alarm.LOOK_EVERY late, after a retention.
    Alarm.forTimers(context, tick, timers, this::punctuate);
  }

  /** A run of the event expired: the record forgets it, and goes with the last one. */
  @Override
  public void process(Record<String, EventRunExpired> record) {
    EventRunExpired message = record.value();
    if (message == null || message.eventId() == null) {
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    RuntimeException failed =
        staging.attempt(
            context,
            () -> {
              ReceivedEvent event = events.get(message.eventId());
              if (event == null || !event.runIds().contains(message.runId())) {
                return;
              }
              ReceivedEvent rest = event.withoutRun(message.runId(), message.expiredAt());
              if (rest.runIds().isEmpty()) {
                expire(event, now);
              } else {
                events.put(event.id(), rest);
              }
            });
    if (failed != null) {
      LOG.error(
          "expiry of run {} of event {} failed, the event's record kept: {}",
          message.runId(),
          message.eventId(),
          DeadLetters.describe(failed),
          failed);
    }
  }

  private void punctuate(long wallClockMs) {
    Instant now = Instant.ofEpochMilli(wallClockMs);
    List<Timer> due = timers.takeDue(now, RunExpiry.PER_TICK);
    staging.writeOut(context);
    for (Timer timer : due) {
      RuntimeException failed = staging.attempt(context, () -> fire(timer, now));
      if (failed != null) {
        DeadLetters.sendOther(
            context,
            TIMERS,
            timer.runId().getBytes(StandardCharsets.UTF_8),
            timer.toString().getBytes(StandardCharsets.UTF_8),
            "expiry failed: " + DeadLetters.describe(failed));
      }
    }
  }

  private void fire(Timer timer, Instant now) {
    String eventId = timer.runId();
    if (timer.kind() == Timer.Kind.FORGET) {
      Expired marker = markers.get(eventId);
      if (marker != null && !marker.forgetAt().isAfter(now)) {
        markers.put(eventId, null);
      }
      return;
    }
    ReceivedEvent event = events.get(eventId);
    if (event == null || !event.runIds().isEmpty()) {
      return; // gone, or it started runs since (sent again once a job listened): it goes with them
    }
    Instant due = retention.unmatchedEventExpiresAt(event.receivedAt()).orElse(null);
    if (due == null) {
      return;
    }
    if (due.isAfter(now)) {
      timers.add(Timer.expire(eventId, due));
      return;
    }
    expire(event, now);
  }

  private void expire(ReceivedEvent event, Instant now) {
    String eventId = event.id();
    events.put(eventId, null);
    EventTimeIndex.remove(byTime, event);
    Instant forgetAt = retention.forgetAt(now);
    markers.put(eventId, new Expired(now, retention.millis(), forgetAt));
    timers.add(Timer.forget(eventId, forgetAt));
  }
}
