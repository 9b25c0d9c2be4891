package dev.runlog.engine.run;

/** The statuses a run goes through; see {@link Transitions} for which event moves it where. */
public enum RunStatus {
  /** Created, not started yet. */
  PENDING,
  /** Waiting for a concurrency slot. */
  QUEUED,
  /** Waiting for an integration it depends on. */
  WAITING_ON_CONNECTIONS,
  /** An execution is dispatched: run() is running on a worker. */
  EXECUTING,
  /** Waiting on io.sleep() or a retry's back-off; holds no concurrency slot. */
  WAITING,
  FAILURE,
  SUCCESS,
  CANCELED,
  TIMED_OUT,
  INVALID_PAYLOAD,
  UNRESOLVED_AUTH;

  /**
   * True for an end that a continue may undo: the run resumes as the same run, its completed tasks
   * kept.
   */
  public boolean canContinue() {
    return this == FAILURE || this == CANCELED || this == TIMED_OUT;
  }

  /** True when nothing will happen to the run any more, unless it is continued. */
  public boolean isFinal() {
    return switch (this) {
      case FAILURE, SUCCESS, CANCELED, TIMED_OUT, INVALID_PAYLOAD, UNRESOLVED_AUTH -> true;
      default -> false;
    };
  }
}
