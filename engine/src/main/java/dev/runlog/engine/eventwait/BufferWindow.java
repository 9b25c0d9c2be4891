package dev.runlog.engine.eventwait;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long events are kept for waits that are not asked for yet ({@code event.wait.buffer.ms}). A
 * wait asked for at {@code now} gets the first matching event read since its run was created, but
 * no earlier than {@code now - window}: an event that came before the run was created never counts,
 * one that came before the wait counts if it is younger than the window.
 *
 * @param window zero: no buffer, only events read after the wait was asked for count
 */
public record BufferWindow(Duration window) {
  /** One hour: longer than a run normally takes from its creation to its first wait. */
  public static final Duration DEFAULT = Duration.ofHours(1);

  public BufferWindow {
    if (window.isNegative()) {
      throw new IllegalArgumentException("the event wait buffer window must be 0 or more");
    }
  }

  public boolean enabled() {
    return !window.isZero();
  }

  /** Where a wait asked for at {@code now} by a run created at {@code runCreatedAt} looks from. */
  public Instant scanFrom(Instant runCreatedAt, Instant now) {
    Instant oldest = now.minus(window);
    return runCreatedAt == null || runCreatedAt.isBefore(oldest) ? oldest : runCreatedAt;
  }

  /** When an event read at {@code receivedAt} leaves the buffer; empty: it is not kept. */
  public Optional<Instant> expiresAt(Instant receivedAt) {
    return enabled() ? Optional.of(receivedAt.plus(window)) : Optional.empty();
  }
}
