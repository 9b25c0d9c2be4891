package dev.runlog.engine.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.kafka.KafkaSourceSpec;
import dev.runlog.connectors.kafka.RecordMapper;
import dev.runlog.connectors.registry.RegistryException;
import dev.runlog.connectors.registry.SchemaLookup;
import dev.runlog.connectors.registry.SchemaRegistryClient;
import dev.runlog.protocol.source.SourceDefinition;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka topic source on this instance: its own thread, which reads the source's topics and
 * writes a trigger event per record in a transaction with the offsets it read ({@link
 * SourceTransaction}), so that each record gives exactly one trigger across restarts and
 * rebalances. What stops it from working (a topic missing, a registry down, a schema id unknown)
 * makes it FAILING with the reason, and it tries again after a back-off, from its committed
 * position; nothing it meets stops the engine or another source.
 */
final class KafkaSourceLoop {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceLoop.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final SchemaLookup NO_REGISTRY =
      id -> {
        throw new RegistryException(
            RegistryException.Kind.MISCONFIGURED, "this source's format uses no registry");
      };

  private final SourceDefinition definition;
  private final KafkaSourceClients clients;
  private final SourceStatuses statuses;
  private final UnaryOperator<String> env;
  private final Clock clock;
  private final Backoff firstBackoff;
  private final Thread previous;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean stopped; // guarded by lock: once true, the loop reports nothing more
  private KafkaConsumer<byte[], byte[]> consumer; // guarded by lock, woken by stop()

  /**
   * @param previous the thread of this source's runtime before this one (null: none), which must
   *     have closed its clients first: they share the group member id and the transactional id
   */
  KafkaSourceLoop(
      SourceDefinition definition,
      KafkaSourceClients clients,
      SourceStatuses statuses,
      UnaryOperator<String> env,
      Clock clock,
      Backoff backoff,
      Thread previous) {
    this.definition = definition;
    this.clients = clients;
    this.statuses = statuses;
    this.env = env;
    this.clock = clock;
    this.firstBackoff = backoff;
    this.previous = previous;
    this.thread = new Thread(this::run, "runlog-source-" + definition.id());
    thread.setDaemon(true);
  }

  SourceDefinition definition() {
    return definition;
  }

  Thread thread() {
    return thread;
  }

  void start() {
    thread.start();
  }

  /** Asks the loop to stop; once this returns it reports nothing more. */
  void stop() {
    synchronized (lock) {
      stopped = true;
      if (consumer != null) {
        consumer.wakeup();
      }
      lock.notifyAll();
    }
  }

  /** Waits up to {@code timeout} for the loop to end; true when it has. */
  boolean join(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void run() {
    if (previous != null) {
      awaitEnd(previous);
    }
    Backoff backoff = firstBackoff;
    while (!stopped()) {
      Session session = new Session();
      try {
        session.run();
      } catch (SourceTransaction.Restart e) {
        LOG.info("kafka source {}: {}; starting again", id(), e.getMessage());
        pause(firstBackoff.first().dividedBy(5));
      } catch (Failure e) {
        backoff = session.worked ? backoff.reset() : backoff;
        LOG.warn(
            "kafka source {} is failing: {} (next try in {})", id(), e.getMessage(), backoff.now());
        report(SourceState.FAILING, e.getMessage());
        pause(backoff.now());
        backoff = backoff.next();
      } catch (RuntimeException e) {
        backoff = session.worked ? backoff.reset() : backoff;
        LOG.error("kafka source {} failed (next try in {})", id(), backoff.now(), e);
        report(SourceState.FAILING, "unexpected error: " + describe(e));
        pause(backoff.now());
        backoff = backoff.next();
      }
    }
  }

  /** One life of the source's clients: from its committed position until it stops or fails. */
  private final class Session {
    boolean worked;

    void run() throws Failure {
      KafkaSourceSpec spec = spec();
      checkOwnTopics(spec);
      SchemaLookup registry = registry(spec);
      RecordMapper mapper = new RecordMapper(id(), spec, registry);
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              clients.consumer(id(), spec),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      KafkaProducer<byte[], byte[]> producer = null;
      try {
        synchronized (lock) {
          if (stopped) {
            return;
          }
          KafkaSourceLoop.this.consumer = consumer;
        }
        checkTopicsExist(consumer, spec);
        producer =
            new KafkaProducer<>(
                clients.producer(id()), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions(); // aborts what this source's previous life here left open
        consumer.subscribe(spec.topics(), new StartAtDefinition(consumer, spec));
        SourceTransaction transaction =
            new SourceTransaction(id(), mapper, consumer, producer, clients.topics(), clock);
        while (!stopped()) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
          if (!records.isEmpty()) {
            SourceTransaction.Outcome outcome = transaction.write(records);
            count("triggered", outcome.triggered());
            count("dead-lettered", outcome.deadLettered());
          }
          lag(consumer);
          if (!worked) {
            worked = true;
            report(SourceState.RUNNING, null);
          }
        }
      } catch (WakeupException | InterruptException e) {
        if (!stopped()) {
          throw new SourceTransaction.Restart("woken up without being stopped");
        }
      } catch (SourceTransaction.RegistryFailure e) {
        throw new Failure(e.getMessage());
      } catch (KafkaException e) {
        throw new Failure("Kafka: " + describe(e));
      } finally {
        synchronized (lock) {
          KafkaSourceLoop.this.consumer = null;
        }
        if (producer != null) {
          closeQuietly(producer);
        }
        closeQuietly(consumer);
      }
    }
  }

  /**
   * Where a partition this source has no committed position in starts, when it starts from the
   * latest record: at the first record written since its spec was (Kafka's own "latest" is the end
   * when the group is first assigned, which skips what was written between the API's answer and
   * that moment — a producer that sends right after defining the source would lose records).
   */
  private final class StartAtDefinition implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaSourceSpec spec;

    StartAtDefinition(KafkaConsumer<byte[], byte[]> consumer, KafkaSourceSpec spec) {
      this.consumer = consumer;
      this.spec = spec;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (spec.startFrom() == KafkaSourceSpec.StartFrom.EARLIEST || partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      Map<TopicPartition, Long> since = new HashMap<>();
      for (TopicPartition tp : partitions) {
        if (committed.get(tp) == null) {
          since.put(tp, definition.updatedAt().toEpochMilli());
        }
      }
      if (since.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(since);
      Map<TopicPartition, Long> ends = consumer.endOffsets(since.keySet());
      for (TopicPartition tp : since.keySet()) {
        OffsetAndTimestamp at = found.get(tp);
        consumer.seek(tp, at != null ? at.offset() : ends.get(tp));
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
  }

  private KafkaSourceSpec spec() throws Failure {
    try {
      return KafkaSourceSpec.parse(JSON.readTree(definition.spec()));
    } catch (IOException | IllegalArgumentException e) {
      throw new Failure("its spec cannot be read: " + e.getMessage());
    }
  }

  /** Reading runlog's own triggers or dead letters would feed the source its own output. */
  private void checkOwnTopics(KafkaSourceSpec spec) throws Failure {
    List<String> own = clients.topics().engineTopics();
    for (String topic : spec.topics()) {
      if (own.contains(topic)) {
        throw new Failure("topic " + topic + " is one of this engine's own topics");
      }
    }
  }

  private SchemaLookup registry(KafkaSourceSpec spec) throws Failure {
    if (spec.registry().isEmpty()) {
      return NO_REGISTRY;
    }
    try {
      return SchemaRegistryClient.connect(spec.registry().get(), env);
    } catch (RegistryException e) {
      throw new Failure(e.getMessage());
    }
  }

  private static void checkTopicsExist(KafkaConsumer<?, ?> consumer, KafkaSourceSpec spec)
      throws Failure {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(METADATA_TIMEOUT);
    TreeSet<String> missing = new TreeSet<>(spec.topics());
    missing.removeAll(existing.keySet());
    if (!missing.isEmpty()) {
      throw new Failure(
          (missing.size() == 1
                  ? "topic " + missing.first() + " does not"
                  : "topics " + missing + " do not")
              + " exist (or this engine may not describe "
              + (missing.size() == 1 ? "it" : "them")
              + ")");
    }
  }

  private void lag(KafkaConsumer<?, ?> consumer) {
    long lag = 0;
    for (TopicPartition partition : consumer.assignment()) {
      lag += consumer.currentLag(partition).orElse(0);
    }
    synchronized (lock) {
      if (!stopped) {
        statuses.lag(id(), lag);
      }
    }
  }

  private void report(SourceState state, String reason) {
    synchronized (lock) {
      if (!stopped) {
        statuses.report(id(), state, reason);
      }
    }
  }

  private void count(String name, int times) {
    synchronized (lock) {
      for (int i = 0; i < times && !stopped; i++) {
        statuses.count(id(), name);
      }
    }
  }

  private boolean stopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /** Waits {@code time}, or less when the loop is stopped meanwhile. */
  private void pause(Duration time) {
    long deadline = System.nanoTime() + time.toNanos();
    synchronized (lock) {
      while (!stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void awaitEnd(Thread previous) {
    try {
      previous.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String id() {
    return definition.id();
  }

  private static void closeQuietly(KafkaProducer<?, ?> producer) {
    try {
      producer.close(CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.debug("closing a source producer failed", e);
    }
  }

  private static void closeQuietly(KafkaConsumer<?, ?> consumer) {
    try {
      // leave the group: the other instances take the partitions at once, static member though it
      // is
      consumer.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      LOG.debug("closing a source consumer failed", e);
    }
  }

  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The source cannot work now; the message says why, for its status. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }
}
