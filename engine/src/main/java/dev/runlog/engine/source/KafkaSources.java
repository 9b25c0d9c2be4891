package dev.runlog.engine.source;

import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Kafka topic sources of the catalog on this instance, one {@link KafkaSourceLoop} each:
 * started when defined or resumed, stopped when paused or deleted, restarted with the new spec when
 * it changes. Every instance runs every source; their consumers share one group per source, so
 * Kafka spreads each source's partitions over the instances.
 */
public final class KafkaSources implements SourceCatalog.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSources.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaSourceClients clients;
  private final SourceStatuses statuses;
  private final UnaryOperator<String> env;
  private final Clock clock;
  private final Backoff backoff;
  private final Map<String, KafkaSourceLoop> loops = new HashMap<>(); // guarded by this

  /** The threads of loops stopped and maybe still closing their clients, by source. */
  private final Map<String, Thread> ending = new HashMap<>(); // guarded by this

  private boolean closed; // guarded by this

  /**
   * @param env where the secrets a spec names come from ({@code System::getenv})
   */
  public KafkaSources(
      KafkaSourceClients clients, SourceStatuses statuses, UnaryOperator<String> env, Clock clock) {
    this(clients, statuses, env, clock, Backoff.DEFAULT);
  }

  KafkaSources(
      KafkaSourceClients clients,
      SourceStatuses statuses,
      UnaryOperator<String> env,
      Clock clock,
      Backoff backoff) {
    this.clients = clients;
    this.statuses = statuses;
    this.env = env;
    this.clock = clock;
    this.backoff = backoff;
  }

  @Override
  public synchronized void changed(String id, Optional<SourceDefinition> now) {
    if (closed) {
      return;
    }
    KafkaSourceLoop loop = loops.get(id);
    SourceChange change =
        SourceChange.decide(
            SourceKind.KAFKA, Optional.ofNullable(loop).map(KafkaSourceLoop::definition), now);
    switch (change) {
      case KEEP -> {}
      case START, RESTART -> {
        stop(id);
        statuses.report(id, SourceState.STARTING, null);
        KafkaSourceLoop started =
            new KafkaSourceLoop(
                now.orElseThrow(), clients, statuses, env, clock, backoff, ending.remove(id));
        loops.put(id, started);
        started.start();
        LOG.info("kafka source {} {}", id, change == SourceChange.START ? "started" : "restarted");
      }
      case PAUSE -> {
        stop(id);
        statuses.report(id, SourceState.PAUSED, null);
      }
      case STOP -> stop(id);
    }
    if (now.isEmpty()) {
      statuses.forget(id); // deleted: every instance drops its status, not only the API's
    }
  }

  /** Stops every source, and waits for them to close their clients. */
  @Override
  public void close() {
    List<KafkaSourceLoop> stopping;
    synchronized (this) {
      closed = true;
      stopping = new ArrayList<>(loops.values());
      loops.clear();
    }
    stopping.forEach(KafkaSourceLoop::stop);
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (KafkaSourceLoop loop : stopping) {
      if (!loop.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
        LOG.warn("kafka source {} did not stop within {}", loop.definition().id(), CLOSE_TIMEOUT);
      }
    }
  }

  private void stop(String id) {
    KafkaSourceLoop loop = loops.remove(id);
    if (loop != null) {
      loop.stop();
      ending.put(id, loop.thread());
      LOG.info("kafka source {} stopped", id);
    }
    ending.values().removeIf(thread -> !thread.isAlive());
  }
}
