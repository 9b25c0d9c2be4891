package dev.runlog.engine.run;

/**
 * The part of a run's state one event can touch: its header and, for a task or wait event, that
 * task or wait. Loading just this keeps the cost of an event independent of the run's length.
 *
 * @param run the header, null before the run exists
 * @param task the task the event is about, null when it is not about a task or the task is new
 * @param waitState the wait the event is about, null when it is not about a wait or the wait is new
 */
public record Touched(RunState run, TaskState task, WaitState waitState) {
  public static final Touched NOTHING = new Touched(null, null, null);

  public static Touched of(RunState run) {
    return new Touched(run, null, null);
  }
}
