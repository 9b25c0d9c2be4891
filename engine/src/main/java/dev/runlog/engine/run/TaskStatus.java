package dev.runlog.engine.run;

/** Where a task stands. */
public enum TaskStatus {
  RUNNING,
  COMPLETED,
  /** An attempt failed and another is due. */
  RETRYING,
  /** Every attempt failed. */
  FAILED
}
