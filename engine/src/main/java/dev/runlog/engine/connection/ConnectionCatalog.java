package dev.runlog.engine.connection;

import dev.runlog.engine.catalog.CompactedTopicReader;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every managed connection, read from the compacted {@code connections} topic by each engine
 * instance (no consumer group: each reads all of it), keeping only what the engine needs: which
 * connections exist, their type and when they changed. The sealed secrets are not kept: the engine
 * seals a connection when the API stores it, and only workers open one.
 */
public final class ConnectionCatalog implements ConnectionDirectory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionCatalog.class);

  private final Map<String, ConnectionInfo> connections = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private final CompactedTopicReader reader;

  /**
   * Starts reading {@code topic} from its beginning.
   *
   * @param client the engine's Kafka client settings (bootstrap, security)
   */
  public ConnectionCatalog(Properties client, String topic) {
    this.reader = new CompactedTopicReader(client, topic, "runlog-connection-catalog", this::apply);
  }

  @Override
  public boolean exists(String key) {
    return connections.containsKey(key);
  }

  @Override
  public long version() {
    return version.get();
  }

  /** The connection with this key ({@code integration[/accountId]}), empty when there is none. */
  public Optional<ConnectionInfo> get(String key) {
    return Optional.ofNullable(connections.get(key));
  }

  /** Every connection, by key. */
  public List<ConnectionInfo> all() {
    List<ConnectionInfo> all = new ArrayList<>(connections.values());
    all.sort(Comparator.comparing(ConnectionInfo::key));
    return all;
  }

  /** True once it has read what the topic held when it started. */
  public boolean caughtUp() {
    return reader.caughtUp();
  }

  /**
   * Waits until it has read what the topic held when it started.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitCaughtUp(Duration timeout) {
    return reader.awaitCaughtUp(timeout);
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
    if (r.value() == null) {
      if (connections.remove(r.key()) != null) {
        version.incrementAndGet();
      }
      return;
    }
    ConnectionInfo info;
    try {
      info = ConnectionInfo.of(Codecs.CONNECTION.decode(r.value()));
    } catch (DecodeException e) {
      LOG.warn("skipping an unreadable connection {}: {}", r.key(), e.getMessage());
      return;
    }
    if (!info.key().equals(r.key())) {
      LOG.warn("skipping connection {} written under the key {}", info.key(), r.key());
      return;
    }
    connections.put(r.key(), info);
    version.incrementAndGet();
  }

  @Override
  public void close() {
    reader.close();
  }
}
