package dev.runlog.engine.eventwait;

/**
 * A path set that waiters of an event name filter on, and how many wait with it: an event computes
 * one match key per shape of its name, and a shape goes when its last waiter goes.
 */
public record Shape(String eventName, String shape, long waiters) {
  public Shape plusOne() {
    return new Shape(eventName, shape, waiters + 1);
  }

  /** One waiter fewer; null when that was the last. */
  public Shape minusOne() {
    return waiters <= 1 ? null : new Shape(eventName, shape, waiters - 1);
  }
}
