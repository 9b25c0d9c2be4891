package dev.runlog.engine.eventwait;

import java.time.Instant;

/**
 * A shape that waits for events of a name were asked with lately: the buffer indexes every event of
 * that name under its match key for it, so that the next wait asked with it looks its key up
 * instead of scanning the buffer by time. Kept a window after it was last asked with.
 *
 * @param since from when every event of the name read is indexed for it
 * @param lastAskedAt when a wait was last asked with it
 */
public record SeenShape(String eventName, String shape, Instant since, Instant lastAskedAt) {
  public SeenShape askedAt(Instant at) {
    return new SeenShape(eventName, shape, since, at);
  }

  /**
   * True when a wait that takes events from {@code from} on finds them all in the index: every
   * event read since then was indexed.
   */
  public boolean indexes(Instant from) {
    return !since.isAfter(from);
  }
}
