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
 * @param eventName for a wait for an event: the event's name; null otherwise
 * @param filter for a wait for an event: its filter as the run asked (JSON); null otherwise
 */
public record WaitState(
    String key,
    Instant until,
    boolean elapsed,
    Instant requestedAt,
    Instant elapsedAt,
    String result,
    String eventName,
    String filter) {

  /** A wait that is not for an event. */
  public WaitState(
      String key,
      Instant until,
      boolean elapsed,
      Instant requestedAt,
      Instant elapsedAt,
      String result) {
    this(key, until, elapsed, requestedAt, elapsedAt, result, null, null);
  }

  /** The same wait, over at {@code at} with {@code result} (null: slept, or timed out). */
  public WaitState over(Instant at, String result) {
    return new WaitState(key, until, true, requestedAt, at, result, eventName, filter);
  }

  /** The same wait, for event {@code name} matching {@code filter}. */
  public WaitState forEvent(String name, String filter) {
    return new WaitState(key, until, elapsed, requestedAt, elapsedAt, result, name, filter);
  }

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
