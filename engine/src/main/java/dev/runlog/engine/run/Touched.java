package dev.runlog.engine.run;

/**
 * The part of a run's state one event can touch: its header and, for a task event, that task.
 * Loading just this keeps the cost of an event independent of the run's length.
 *
 * @param run the header, null before the run exists
 * @param task the task the event is about, null when it is not about a task or the task is new
 */
public record Touched(RunState run, TaskState task) {
  public static final Touched NOTHING = new Touched(null, null);
}
