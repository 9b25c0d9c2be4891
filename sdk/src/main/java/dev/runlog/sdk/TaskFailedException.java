package dev.runlog.sdk;

/**
 * Thrown by {@link Io#runTask} when a task's function threw; the cause is what it threw. Uncaught,
 * it fails the run with this message.
 */
public final class TaskFailedException extends RuntimeException {
  private final String key;

  public TaskFailedException(String key, Throwable cause) {
    super(
        "task '"
            + key
            + "' failed: "
            + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
        cause);
    this.key = key;
  }

  /** A task that failed for good in an earlier execution: its recorded error, replayed. */
  public TaskFailedException(String key, dev.runlog.protocol.run.ErrorInfo recorded) {
    super(
        "task '"
            + key
            + "' failed: "
            + (recorded == null ? "(no error recorded)" : recorded.message()));
    this.key = key;
  }

  /** The key of the task that failed. */
  public String key() {
    return key;
  }
}
