package dev.runlog.engine.source;

import dev.runlog.engine.catalog.CompactedTopicReader;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.source.SourceDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every source definition, read from the compacted {@code sources} topic into memory by each engine
 * instance (a handful of records; no consumer group: each instance reads all of it). Listeners
 * learn of each change on the catalog's thread, in the topic's order; what they do there must be
 * quick (start or stop a runtime), or the catalog falls behind.
 *
 * <pre>{@code
 * catalog.addListener((id, now) -> now.ifPresentOrElse(def -> start(def), () -> stop(id)));
 * }</pre>
 */
public final class SourceCatalog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCatalog.class);

  /** Learns of each change of a source: its definition now, or empty once it is deleted. */
  @FunctionalInterface
  public interface Listener {
    void changed(String id, Optional<SourceDefinition> now);
  }

  private final Map<String, SourceDefinition> sources = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CompactedTopicReader reader;

  /**
   * Starts reading {@code topic} from its beginning.
   *
   * @param client the engine's Kafka client settings (bootstrap, security)
   */
  public SourceCatalog(Properties client, String topic) {
    this.reader = new CompactedTopicReader(client, topic, "runlog-source-catalog", this::apply);
  }

  /** The source's definition, empty when there is none. */
  public Optional<SourceDefinition> get(String id) {
    return Optional.ofNullable(sources.get(id));
  }

  /** Every source, by id. */
  public List<SourceDefinition> all() {
    List<SourceDefinition> all = new ArrayList<>(sources.values());
    all.sort(Comparator.comparing(SourceDefinition::id));
    return all;
  }

  /**
   * Adds a listener; it learns of every source known now at once (on this thread), then of each
   * change (on the catalog's thread).
   */
  public void addListener(Listener listener) {
    reader.exclusive( // no change is applied while it catches up
        () -> {
          listeners.add(listener);
          sources.forEach((id, def) -> listener.changed(id, Optional.of(def)));
        });
  }

  /** True once it has read what the topic held when it started. */
  public boolean caughtUp() {
    return reader.caughtUp();
  }

  /**
   * Waits until it has read the record at {@code offset} of {@code partition} (one this instance
   * just wrote), so that the API answers a write only when a read here shows it.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitSeen(int partition, long offset, Duration timeout) {
    return reader.awaitSeen(partition, offset, timeout);
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    Optional<SourceDefinition> now;
    if (r.value() == null) {
      now = Optional.empty();
    } else {
      try {
        now = Optional.of(Codecs.SOURCE_DEFINITION.decode(r.value()));
      } catch (DecodeException e) {
        LOG.warn("skipping an unreadable definition of source {}: {}", r.key(), e.getMessage());
        return;
      }
    }
    if (now.isPresent()) {
      sources.put(r.key(), now.get());
    } else if (sources.remove(r.key()) == null) {
      return; // a tombstone of a source this instance never had
    }
    for (Listener l : listeners) {
      try {
        l.changed(r.key(), now);
      } catch (RuntimeException e) {
        LOG.error("a listener failed on the change of source {}", r.key(), e);
      }
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
