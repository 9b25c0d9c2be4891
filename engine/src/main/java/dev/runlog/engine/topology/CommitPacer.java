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
 *
 * <p>A record that waited in Kafka for more than {@value #BACKLOG_MS} ms (by its timestamp) also
 * means that the thread is behind, whatever the count says. Counting alone failed when commits were
 * slow (a loaded machine): few records fit in a window when each commit blocks for tens of
 * milliseconds, so the pacer asked for a commit after every loop iteration, Kafka Streams then
 * halves the records it processes per iteration after each commit, and the thread ended up
 * committing every record or two while a backlog of minutes built up (measured: 35 runs/s with
 * 1,000 in flight, runs waiting 28 s before the engine read their event). A record's age sees the
 * backlog directly. A producer whose clock runs behind the engine's by more than that makes its
 * records look late: they are then committed on the interval, never lost or reordered.
 */
public final class CommitPacer {
  /**
   * At most this many records in two windows: the thread has time to commit each write. A client
   * making 1-task runs one after another (~7 ms each, six or seven records each: the trigger, its
   * event for the waits, the run's four events) puts about 20 records in two windows; at 16 the
   * pacer took that for load now and then, and such a run's dispatch waited for the interval's
   * commit (measured: p99 57 ms over 1,000 such runs, 19 ms at 64). A throughput workload puts
   * hundreds.
   */
  static final int LIGHT_LOAD_RECORDS = 64;

  static final long WINDOW_MS = 10;

  /** A record older than this when the thread starts on it waited behind others: load. */
  static final long BACKLOG_MS = 50;

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

  /** Call as a processor starts on a record with timestamp {@code recordTimestampMs}. */
  public void arrived(ProcessorContext<?, ?> context, long recordTimestampMs) {
    if (enabled) {
      long now = context.currentSystemTimeMs();
      ThreadState thread = threads.get();
      thread.count(now, WINDOW_MS);
      thread.late = now - recordTimestampMs > BACKLOG_MS;
    }
  }

  /** Call after forwarding records that someone downstream waits for. */
  public void wrote(ProcessorContext<?, ?> context) {
    ThreadState thread = enabled ? threads.get() : null;
    if (thread != null && !thread.late && thread.recent() <= LIGHT_LOAD_RECORDS) {
      context.commit(); // Streams commits once per loop iteration, however many processors asked
    }
  }

  private static final class ThreadState {
    private long windowStartMs = Long.MIN_VALUE / 2;
    private int current;
    private int previous;
    private boolean late;

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
