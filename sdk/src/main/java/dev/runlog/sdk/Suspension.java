package dev.runlog.sdk;

/**
 * Unwinds {@code run()} when the execution must stop where it is: the run now waits (a durable
 * wait, a retry's back-off), its slice is over, or it was canceled. An {@link Error}, so that user
 * code's {@code catch (Exception e)} does not swallow it.
 */
final class Suspension extends Error {
  enum Reason {
    WAITING,
    YIELDED,
    CANCELED
  }

  private final Reason reason;

  Suspension(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
