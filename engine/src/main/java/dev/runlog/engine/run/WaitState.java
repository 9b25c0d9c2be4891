package dev.runlog.engine.run;

import java.time.Instant;

/**
 * A durable wait of a run, stored under (run id, wait key): a sleep, a wait for an event, a wait
 * for a child run.
 *
 * @param until when it ends (a sleep) or times out; null: never
 * @param elapsed over: slept, timed out, or resolved
 * @param requestedAt null while only resolved: what it waits for came before run() asked for it
 * @param result what an event or child wait got (JSON); null for a sleep or a time-out
 */
public record WaitState(
    String key,
    Instant until,
    boolean elapsed,
    Instant requestedAt,
    Instant elapsedAt,
    String result) {

  /** A sleep's state. */
  public WaitState(
      String key, Instant until, boolean elapsed, Instant requestedAt, Instant elapsedAt) {
    this(key, until, elapsed, requestedAt, elapsedAt, null);
  }

  /** True when what it waits for came before run() asked to wait for it. */
  public boolean resolvedBeforeRequest() {
    return elapsed && requestedAt == null;
  }
}
