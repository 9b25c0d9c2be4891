package dev.runlog.protocol.execution;

import java.time.Instant;

/**
 * A durable wait as the engine knows it at dispatch.
 *
 * @param until when it ends or times out; null: never
 * @param result what an event or child wait got (JSON); null for a sleep, a timeout, or a wait
 *     still pending
 */
public record WaitSnapshot(String key, Instant until, boolean elapsed, String result) {
  /** A sleep's snapshot. */
  public WaitSnapshot(String key, Instant until, boolean elapsed) {
    this(key, until, elapsed, null);
  }
}
