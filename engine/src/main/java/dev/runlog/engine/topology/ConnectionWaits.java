package dev.runlog.engine.topology;

import dev.runlog.engine.connection.ConnectionDirectory;
import dev.runlog.engine.timer.Alarm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The runs of a run partition that are WAITING_ON_CONNECTIONS, in a store of their own keyed by run
 * id with the connections each waits for, so that a check of the waiting runs reads those runs
 * only. The run processor checks them on a wall-clock punctuation, but reads the store only when
 * something may have changed since the last check: the connections (their catalog's {@link
 * ConnectionDirectory#version()} moved), or a run that started waiting. The punctuation is
 * scheduled only while a run waits ({@link Alarm}): an engine with no waiting run does not wake for
 * it, one with waiting runs and no change of connections pays one comparison per punctuation.
 */
public final class ConnectionWaits {
  public static final String STORE = "run-connection-waits";

  /**
   * How often the waiting runs may be checked: how late at most a run starts after its connection.
   */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  /**
   * One waiting run.
   *
   * @param connections the connections it was missing when it started waiting
   * @param since when it started waiting
   */
  public record Wait(List<String> connections, Instant since) {
    public Wait {
      connections = connections == null ? List.of() : List.copyOf(connections);
    }
  }

  private final ConnectionDirectory directory;
  private final KeyValueStore<String, Wait> store;

  /** The catalog's version at the last check; none yet after a (re)start: check once. */
  private long checkedVersion = Long.MIN_VALUE;

  /** A run started waiting since the last check (it may have missed a connection just added). */
  private boolean added;

  /** Rings every {@link #INTERVAL} while a run waits; null before {@link #schedule}. */
  private Alarm alarm;

  /**
   * @param store the index, staged with the run's other stores
   */
  ConnectionWaits(ConnectionDirectory directory, KeyValueStore<String, Wait> store) {
    this.directory = directory;
    this.store = store;
  }

  /**
   * Runs {@code check} every {@link #INTERVAL} while runs wait: from the processor's init, on its
   * context.
   */
  void schedule(ProcessorContext<?, ?> context, Punctuator check) {
    alarm = Alarm.set(context, INTERVAL, Alarm.LOOK_EVERY, this::nextCheck, check);
  }

  /** Run {@code runId} waits for {@code missing} from {@code now}. */
  void waiting(String runId, List<String> missing, Instant now) {
    store.put(runId, new Wait(missing, now));
    added = true;
    if (alarm != null) {
      alarm.wake(now.toEpochMilli());
    }
  }

  /** Run {@code runId} waits no more: it started, was canceled or timed out. */
  void done(String runId) {
    store.delete(runId);
  }

  /**
   * The runs to check now, by id: every waiting run when something changed since the last check,
   * else none (without reading the store).
   */
  List<String> toCheck() {
    long version = directory.version();
    if (version == checkedVersion && !added) {
      return List.of();
    }
    checkedVersion = version; // read before the store: a change after this is seen next time
    added = false;
    List<String> runIds = new ArrayList<>();
    try (KeyValueIterator<String, Wait> it = store.all()) {
      it.forEachRemaining(kv -> runIds.add(kv.key));
    }
    return runIds;
  }

  /** Soon while a run waits (one seek: a store with no waiting run is empty), else never. */
  private long nextCheck() {
    try (KeyValueIterator<String, Wait> it = store.all()) {
      return it.hasNext() ? 0 : Alarm.NEVER;
    }
  }

  /** How many runs of {@code store} wait for each connection (the API's count of a partition). */
  public static Map<String, Long> counts(ReadOnlyKeyValueStore<String, Wait> store) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (KeyValueIterator<String, Wait> it = store.all()) {
      it.forEachRemaining(
          kv -> kv.value.connections().forEach(key -> counts.merge(key, 1L, Long::sum)));
    }
    return counts;
  }
}
