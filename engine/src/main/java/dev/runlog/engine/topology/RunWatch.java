package dev.runlog.engine.topology;

import dev.runlog.engine.trigger.TriggerProgress;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets a query wait for a run's next status change, or for an event to be read, instead of polling:
 * the run processor calls {@link #changed} when a run it owns changes status (its creation
 * included), and the trigger processor calls {@link #eventReceived} for each event it reads; both
 * complete the futures of everyone waiting on that run or event ({@link #runs}, {@link #events}).
 * Only what this instance owns is announced; whoever waits on another instance's run or event must
 * also look again now and then.
 */
public final class RunWatch {
  private final KeyWatch runs = new KeyWatch();
  private final KeyWatch events = new KeyWatch();
  private final TriggerProgress triggers = new TriggerProgress();

  // What the live pages follow (GET /api/changes): how often runs changed status and events were
  // read here. A LongAdder is a cell per thread, so the stream threads do not contend on it.
  private final LongAdder runChanges = new LongAdder();
  private final LongAdder eventsReceived = new LongAdder();

  /** Waiters on runs, by run id: woken at each status change. */
  public KeyWatch runs() {
    return runs;
  }

  /** How far the trigger processor has read each triggers partition of this instance. */
  public TriggerProgress triggers() {
    return triggers;
  }

  /** Waiters on trigger events, by event id: woken when the engine has read the event. */
  public KeyWatch events() {
    return events;
  }

  /** Called by the run processor (a stream thread): wakes whoever waits on the run. */
  public void changed(String runId) {
    runChanges.increment();
    runs.changed(runId);
  }

  /**
   * Called by the trigger processor (a stream thread) for each event it read, once its record is in
   * the stores: wakes whoever waits on the event.
   */
  public void eventReceived(String eventId) {
    eventsReceived.increment();
    events.changed(eventId);
  }

  /**
   * How many status changes and events this instance has seen since it started: a page that saw
   * other numbers before has something new to show.
   */
  public Changes changes() {
    return new Changes(runChanges.sum(), eventsReceived.sum());
  }

  /** The counts of {@link #changes}. */
  public record Changes(long runs, long events) {
    public Changes plus(Changes other) {
      return new Changes(runs + other.runs, events + other.events);
    }
  }

  /** Runs and events waited on now: for tests. */
  public int watched() {
    return runs.watched() + events.watched();
  }
}
