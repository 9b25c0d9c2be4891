package dev.runlog.protocol.run;

/**
 * Who wrote a run event. The run processor folds {@link #ENGINE} events into its state when it
 * writes them, so it skips them when they come back on {@code run-events}.
 */
public enum Origin {
  TRIGGER,
  ENGINE,
  WORKER,
  API,
  TIMER;

  /** Kafka record header that carries the origin, so readers can skip without decoding. */
  public static final String HEADER = "runlog.origin";
}
