package dev.runlog.engine.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Under exactly-once, what a processor writes is seen downstream only once its transaction commits,
 * and Kafka Streams commits on its interval: a record that arrives on a quiet engine would wait for
 * the rest of the interval (measured: 13–15 ms per hop at 10 ms). On a lightly loaded stream thread
 * the pacer asks for a commit as soon as a processor has written. On a busy one it asks for nothing
 * and the thread commits at the interval only, because each commit blocks the thread (asking after
 * every write, or after every pause, more than halved throughput): latency when there is time for
 * it, batching under load.
 *
 * <p>Load is the number of records the thread started in the current and the previous window of
 * {@value #WINDOW_MS} ms, whatever the commit interval: with the pacer, a long interval costs
 * latency only under load, where it buys throughput (fewer transactions and markers). Stream
 * threads commit independently, so the pacer keeps its state per thread. Under at-least-once,
 * writes go out without waiting for a commit, and the pacer does nothing.
 */
public final class CommitPacer {
  /** At most this many records in two windows: the thread has time to commit each write. */
  static final int LIGHT_LOAD_RECORDS = 16;

  static final long WINDOW_MS = 10;
  private final boolean enabled;
  private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);

  private CommitPacer(boolean enabled) {
    this.enabled = enabled;
  }

  /** A pacer for the engine's processing guarantee. */
  public static CommitPacer of(String processingGuarantee) {
    return new CommitPacer(processingGuarantee.startsWith("exactly_once"));
  }

  /** Never asks: commits come at the interval only. */
  public static CommitPacer off() {
    return new CommitPacer(false);
  }

  /** Call as a processor starts on a record. */
  public void arrived(ProcessorContext<?, ?> context) {
    if (enabled) {
      threads.get().count(context.currentSystemTimeMs(), WINDOW_MS);
    }
  }

  /** Call after forwarding records that someone downstream waits for. */
  public void wrote(ProcessorContext<?, ?> context) {
    if (enabled && threads.get().recent() <= LIGHT_LOAD_RECORDS) {
      context.commit(); // Streams commits once per loop iteration, however many processors asked
    }
  }

  private static final class ThreadState {
    private long windowStartMs = Long.MIN_VALUE / 2;
    private int current;
    private int previous;

    void count(long nowMs, long windowMs) {
      long elapsed = nowMs - windowStartMs;
      if (elapsed >= windowMs) {
        previous = elapsed >= 2 * windowMs ? 0 : current;
        current = 0;
        windowStartMs = nowMs;
      }
      current++;
    }

    int recent() {
      return previous + current;
    }
  }
}
