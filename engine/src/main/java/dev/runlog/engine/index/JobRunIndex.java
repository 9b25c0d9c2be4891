package dev.runlog.engine.index;

import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A job's runs, newest first, and its run counts by status, kept per partition as runs change
 * status, so that listing a job's runs reads one key range instead of every run.
 *
 * <p>Keys: {@code jobId NUL (MAX - createdAt millis, 19 digits) NUL runId}, so that ascending order
 * is newest first and a page continues after the last key shown (the cursor).
 */
public final class JobRunIndex {
  public static final String RUNS = "job-runs";
  public static final String COUNTS = "job-counts";
  private static final char SEPARATOR = '\u0000';

  private JobRunIndex() {}

  /**
   * Updates the index after a run's header changed from {@code before} (null: new run) to {@code
   * after}.
   */
  public static void update(
      KeyValueStore<String, RunSummary> runs,
      KeyValueStore<String, Long> counts,
      RunState before,
      RunState after) {
    boolean moved = before == null || before.status() != after.status();
    if (!moved && before.execution() == after.execution()) {
      return; // only transitions and new executions show in a listing
    }
    runs.put(key(after), RunSummary.of(after));
    if (moved) {
      if (before != null) {
        add(counts, countKey(before.jobId(), before.status()), -1);
      }
      add(counts, countKey(after.jobId(), after.status()), 1);
    }
  }

  /** Takes run {@code run} (as last saved) out of the index and its count, when it expires. */
  public static void remove(
      KeyValueStore<String, RunSummary> runs, KeyValueStore<String, Long> counts, RunState run) {
    runs.put(key(run), null); // a null value deletes, without reading the old value first
    add(counts, countKey(run.jobId(), run.status()), -1);
  }

  /**
   * Up to {@code limit} of the job's runs after {@code cursor} (null: from the newest), with {@code
   * status} if not null.
   */
  public static List<KeyValue<String, RunSummary>> page(
      ReadOnlyKeyValueStore<String, RunSummary> runs,
      String jobId,
      RunStatus status,
      String cursor,
      int limit) {
    String from =
        cursor == null ? jobId + SEPARATOR : cursor + SEPARATOR; // just past the cursor's key
    String to = jobId + SEPARATOR + '\uffff';
    List<KeyValue<String, RunSummary>> page = new ArrayList<>();
    try (KeyValueIterator<String, RunSummary> it = runs.range(from, to)) {
      while (it.hasNext() && page.size() < limit) {
        KeyValue<String, RunSummary> kv = it.next();
        if (kv.key.equals(cursor) || !kv.key.startsWith(jobId + SEPARATOR)) {
          continue;
        }
        if (status == null || status.name().equals(kv.value.status())) {
          page.add(kv);
        }
      }
    }
    return page;
  }

  /**
   * A bounded scan of the job's runs in {@code range}, with {@code status} if not null, keyed by
   * their tails: one of the ranges a listing across jobs merges.
   */
  public static Slice<RunSummary> slice(
      ReadOnlyKeyValueStore<String, RunSummary> runs,
      String jobId,
      RunStatus status,
      TimeKeys.Range range,
      int limit) {
    return Scans.scan(
        runs,
        jobId + SEPARATOR,
        range,
        limit,
        (tail, run) -> status == null || status.name().equals(run.status()) ? run : null);
  }

  /** The job's run counts by status in this store. */
  public static Map<RunStatus, Long> counts(
      ReadOnlyKeyValueStore<String, Long> counts, String jobId) {
    Map<RunStatus, Long> result = new EnumMap<>(RunStatus.class);
    try (KeyValueIterator<String, Long> it =
        counts.prefixScan(jobId + SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(
          kv -> {
            String status = kv.key.substring(jobId.length() + 1);
            if (kv.value != null && kv.value > 0) {
              result.merge(RunStatus.valueOf(status), kv.value, Long::sum);
            }
          });
    }
    return result;
  }

  static String key(RunState run) {
    return run.jobId() + SEPARATOR + TimeKeys.tail(run.createdAt(), run.runId());
  }

  private static String countKey(String jobId, RunStatus status) {
    return jobId + SEPARATOR + status.name();
  }

  private static void add(KeyValueStore<String, Long> counts, String key, long delta) {
    Long current = counts.get(key);
    long count = (current == null ? 0 : current) + delta;
    counts.put(
        key,
        count > 0
            ? count
            : null); // no key for a count of none: a status no run has now leaves nothing behind
  }
}
