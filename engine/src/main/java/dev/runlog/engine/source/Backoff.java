package dev.runlog.engine.source;

import java.time.Duration;

/**
 * How long a source that cannot work waits before it tries again: doubling from {@code first} to
 * {@code most}, so that a topic created or a registry back is seen soon, and a source that stays
 * broken costs a try every {@code most}, not a busy loop.
 */
record Backoff(Duration first, Duration most, Duration now) {
  static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));

  Backoff(Duration first, Duration most) {
    this(first, most, first);
  }

  Backoff next() {
    Duration doubled = now.multipliedBy(2);
    return new Backoff(first, most, doubled.compareTo(most) > 0 ? most : doubled);
  }

  Backoff reset() {
    return new Backoff(first, most, first);
  }
}
