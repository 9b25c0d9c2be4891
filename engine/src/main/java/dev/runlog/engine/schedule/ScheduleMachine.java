package dev.runlog.engine.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.connectors.schedule.ScheduleSpec;
import dev.runlog.connectors.schedule.Target;
import dev.runlog.connectors.schedule.TickPlanner;
import dev.runlog.connectors.schedule.Ticks;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to a schedule: pure, no store and no clock, so that the schedule processor only
 * loads, calls and writes. {@link #define} folds a change of its definition in; {@link #fire} says
 * which trigger events are due at a wall-clock time and how the timer moves on.
 */
public final class ScheduleMachine {
  private ScheduleMachine() {}

  /** What a tick plan made: the trigger events to send, and the schedule after them. */
  public record Fired(List<TriggerEvent> events, ScheduleState after) {}

  /**
   * The schedule after its source was defined (created, changed, paused or resumed) at {@code now}.
   * A change that keeps its timing keeps its next tick; a new timing, or a resume, starts from the
   * first tick after now (ticks while paused are not caught up). A spec that does not parse leaves
   * it failing with the reason, and ticking nothing.
   */
  public static ScheduleState define(
      ScheduleState before, String id, String spec, boolean paused, Instant now) {
    Instant lastFired = before == null ? null : before.lastFiredAt();
    long fired = before == null ? 0 : before.fired();
    ScheduleSpec parsed;
    try {
      parsed = parse(spec);
    } catch (IllegalArgumentException e) {
      return new ScheduleState(id, spec, paused, null, lastFired, fired, e.getMessage(), null, now);
    }
    Instant next;
    if (paused) {
      next = null;
    } else if (before != null
        && !before.paused()
        && before.failure() == null
        && before.nextTick() != null
        && parse(before.spec()).timing().equals(parsed.timing())) {
      next = before.nextTick();
    } else {
      next = parsed.timing().nextAfter(now);
    }
    String problem = before == null ? null : before.problem();
    return new ScheduleState(id, spec, paused, next, lastFired, fired, null, problem, now);
  }

  /**
   * The ticks of {@code state} due at {@code now}, as trigger events, and the state after them.
   *
   * @param spec {@code state}'s spec, parsed
   * @param jobEventName the event name of the job a job schedule runs, null when that job is not
   *     registered (the ticks still fire, and start no run)
   */
  public static Fired fire(
      ScheduleState state, ScheduleSpec spec, Instant now, String jobEventName) {
    if (state.paused()
        || state.failure() != null
        || state.nextTick() == null
        || state.nextTick().isAfter(now)) {
      return new Fired(List.of(), state);
    }
    TickPlanner.Plan plan = TickPlanner.plan(spec.timing(), spec.catchUp(), state.nextTick(), now);
    List<TriggerEvent> events = new ArrayList<>();
    Instant last = state.lastFiredAt();
    for (TickPlanner.Tick tick : plan.fire()) {
      events.add(trigger(state.id(), spec, tick, last, jobEventName));
      last = tick.scheduledAt();
    }
    String problem =
        spec.target() instanceof Target.RunJob job && jobEventName == null
            ? "job " + job.jobId() + " is not registered: its ticks start no run"
            : null;
    return new Fired(
        List.copyOf(events), state.advanced(plan.nextTick(), last, events.size(), problem));
  }

  private static TriggerEvent trigger(
      String id, ScheduleSpec spec, TickPlanner.Tick tick, Instant lastFired, String jobEventName) {
    String job = spec.target() instanceof Target.RunJob j ? j.jobId() : null;
    String name =
        spec.target() instanceof Target.SendEvent e
            ? e.eventName()
            : jobEventName != null ? jobEventName : job;
    return new TriggerEvent(
        Ticks.eventId(id, tick.scheduledAt()),
        name,
        Ticks.payload(spec, id, tick, lastFired),
        null,
        tick.scheduledAt(),
        null,
        Ticks.SOURCE_PREFIX + id,
        job,
        null,
        null);
  }

  /**
   * Parses a schedule's spec from its JSON text.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static ScheduleSpec parse(String spec) {
    try {
      return ScheduleSpec.parse(JsonSerde.MAPPER.readTree(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the spec is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
