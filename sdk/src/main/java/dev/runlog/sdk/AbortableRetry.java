package dev.runlog.sdk;

import java.util.function.LongConsumer;
import org.apache.kafka.common.errors.TransactionAbortableException;

/**
 * Tries a Kafka transaction again, at once, when Kafka said to abort it and try again: under load a
 * partition leader that cannot yet add a partition to the transaction (the transaction before it is
 * still writing its markers) gives up on its own retries and answers {@code TRANSACTION_ABORTABLE}.
 * Such a transaction committed nothing and its producer stays usable. Stopping the execution
 * instead costs the run a whole lease (measured: one such send held up a benchmark's 1,000 runs of
 * sends for two minutes).
 */
final class AbortableRetry {
  private AbortableRetry() {}

  /** Attempts in all, with a pause of 10, 20, 40, 80 and 160 ms before the next. */
  static final int ATTEMPTS = 6;

  static final long FIRST_PAUSE_MS = 10;

  /** One attempt of the transaction, from its begin to its commit. */
  interface Attempt<T> {
    T run() throws Exception;
  }

  /** Aborts the failed transaction; throws if the producer cannot. */
  interface Abort {
    void run() throws Exception;
  }

  /**
   * Runs {@code attempt}; when it fails with a {@link TransactionAbortableException} in its causes,
   * aborts, pauses and runs it again, up to {@link #ATTEMPTS} times. Anything else, the last
   * failure, or a failed abort is thrown as it came.
   */
  static <T> T run(Attempt<T> attempt, Abort abort, LongConsumer pauseMs) throws Exception {
    long pause = FIRST_PAUSE_MS;
    for (int attempts = 1; ; attempts++) {
      try {
        return attempt.run();
      } catch (Exception e) {
        if (attempts >= ATTEMPTS || !isAbortable(e)) {
          throw e;
        }
        try {
          abort.run();
        } catch (Exception abortFailed) {
          e.addSuppressed(abortFailed);
          throw e;
        }
        pauseMs.accept(pause);
        pause *= 2;
      }
    }
  }

  static boolean isAbortable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TransactionAbortableException) {
        return true;
      }
    }
    return false;
  }
}
