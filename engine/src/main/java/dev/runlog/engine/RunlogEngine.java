package dev.runlog.engine;

import dev.runlog.engine.connection.ConnectionCatalog;
import dev.runlog.engine.metrics.EngineMetrics;
import dev.runlog.engine.query.Peers;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.rest.EventSender;
import dev.runlog.engine.rest.Https;
import dev.runlog.engine.rest.Readiness;
import dev.runlog.engine.rest.RestServer;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.engine.retention.TopicRetention;
import dev.runlog.engine.source.KafkaSourceClients;
import dev.runlog.engine.source.KafkaSources;
import dev.runlog.engine.source.SourceCatalog;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.topology.CommitPacer;
import dev.runlog.engine.topology.DeadLetterOnError;
import dev.runlog.engine.topology.EngineTopology;
import dev.runlog.engine.topology.EventExpiry;
import dev.runlog.engine.topology.EventWaits;
import dev.runlog.engine.topology.RunCounters;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.engine.topology.TopologyOptions;
import dev.runlog.protocol.topic.TopicLookout;
import dev.runlog.protocol.topic.TopicSetup;
import dev.runlog.protocol.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine instance: creates the runlog topics, runs the topology and serves the REST API.
 *
 * <pre>{@code
 * try (RunlogEngine engine = RunlogEngine.start(EngineConfig.defaults("localhost:9092", Path.of(".runlog/engine")))) {
 *   System.out.println(engine.url());
 * }
 * }</pre>
 */
public final class RunlogEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunlogEngine.class);
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final String TRANSACTION_TIMEOUT =
      org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;

  private final EngineConfig config;
  private final KafkaStreams streams;
  private final EventSender events;
  private final RestServer rest;
  private final RunQueries queries;
  private final List<String> storeNames;
  private final EngineMetrics metrics = new EngineMetrics();
  private final RunCounters counters = metrics.counters();
  private final RunWatch watch = new RunWatch();
  private final StreamsReadiness streamsReadiness = new StreamsReadiness();
  private final SourceStatuses sourceStatuses = metrics.sourceStatuses(Clock.systemUTC());
  private final SourceCatalog sources;
  private final ConnectionCatalog connections;
  private final KafkaSources kafkaSources;
  private final TopicWatch topicWatch;

  /**
   * What /health/ready and the API wait for; embedders add theirs with {@link #addReadinessCheck}.
   */
  private final List<Readiness> readiness = new CopyOnWriteArrayList<>(List.of(streamsReadiness));

  private RunlogEngine(EngineConfig asked, Set<String> requiredJobs) {
    // Before anything: an engine must not serve its API to the network without keys by mistake.
    asked
        .rest()
        .exposureProblem()
        .ifPresent(
            problem -> {
              throw new IllegalStateException(problem);
            });
    // Before the API serves: an engine that reached RUNNING must not accept an event for a job
    // that is required but not registered yet (it would match nothing).
    if (!requiredJobs.isEmpty()) {
      readiness.add(
          () ->
              requiredJobs.stream()
                  .filter(job -> !hasJob(job))
                  .findFirst()
                  .map(job -> "waiting for job " + job + " to be registered"));
    }
    EngineConfig config = ReplicationFactor.resolve(asked);
    this.config = config;
    createTopics(config);
    dropGlobalStateOfAnotherTopic(config);
    this.events = new EventSender(config.bootstrapServers(), config.topics(), config.kafka());
    // REST first: its port is the application.server that interactive queries route by.
    this.rest =
        RestServer.start(
            config.rest(),
            config.httpPort(),
            events,
            metrics::scrape,
            Clock.systemUTC(),
            watch,
            Readiness.allOf(readiness),
            sourceStatuses);
    try {
      this.sources = new SourceCatalog(clientProperties(config), config.topics().sources().name());
    } catch (RuntimeException e) {
      rest.close();
      events.close();
      throw e;
    }
    try {
      this.connections =
          new ConnectionCatalog(clientProperties(config), config.topics().connections().name());
    } catch (RuntimeException e) {
      sources.close();
      rest.close();
      events.close();
      throw e;
    }
    // A run created right after the start must not wait for a connection that exists.
    readiness.add(
        () ->
            connections.caughtUp()
                ? Optional.empty()
                : Optional.of("reading the managed connections"));
    rest.serve(connections);
    metrics.bindConnections(() -> connections.all().size());
    // A webhook or a GET right after ready must find every source defined before the start.
    readiness.add(
        () ->
            sources.caughtUp() ? Optional.empty() : Optional.of("reading the source definitions"));
    rest.serve(sources);
    this.kafkaSources =
        new KafkaSources(
            new KafkaSourceClients(
                clientSettings(config),
                config.applicationId(),
                config.instanceId().orElseGet(() -> InstanceId.of(config.stateDir())),
                config.topics(),
                config.sessionTimeoutMs()),
            sourceStatuses,
            System::getenv,
            Clock.systemUTC());
    org.apache.kafka.streams.Topology topology =
        EngineTopology.build(
            TopologyOptions.of(
                    config.topics(),
                    counters,
                    Duration.ofMillis(config.timerTickMs()),
                    CommitPacer.of(config.processingGuarantee()),
                    watch)
                .withRetention(config.retention())
                .withEventWaitBuffer(config.eventWaitBuffer())
                .withSourceStatuses(sourceStatuses)
                .withConnections(connections));
    this.storeNames = storeNames(topology);
    StreamsConfig streamsConfig =
        new StreamsConfig(streamsProperties(config, rest.port(), counters));
    this.streams =
        new KafkaStreams(
            topology, streamsConfig, new IdleCommits(streamsConfig.getKafkaClientSupplier()));
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed; replacing it", e);
          streamsReadiness.failed(e); // the global thread is not replaced: then the engine stops
          metrics.streamThreadReplaced();
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    this.queries =
        new RunQueries(
            streams, new HostInfo(config.advertisedHost(), rest.port()), peers(config.rest()));
    metrics.bind(streams, () -> queries);
    rest.serve(queries);
    RestoreLog restores = new RestoreLog();
    streams.setGlobalStateRestoreListener(restores);
    StreamsStart started =
        new StreamsStart(
            (now, before) -> {
              streamsReadiness.onChange(now);
              if (now == KafkaStreams.State.RUNNING) {
                restores.running();
              }
            });
    streams.setStateListener(started);
    // the runs the start reads must find the connections that exist (a small topic: milliseconds)
    if (!connections.awaitCaughtUp(START_DEADLINE)) {
      LOG.warn(
          "the managed connections were not read within {}; runs may wait for them",
          START_DEADLINE);
    }
    streams.start();
    awaitRunning(started);
    this.topicWatch =
        new TopicWatch(
            clientProperties(config),
            ownTopics(config.topics()),
            this::executionsTopics,
            this::stop,
            this::remakeExecutionsTopics);
    // once the engine runs: a start that fails leaves no source thread behind
    sources.addListener(kafkaSources);
  }

  /** Starts an engine and returns once it processes events and answers queries. */
  public static RunlogEngine start(EngineConfig config) {
    return new RunlogEngine(config, Set.of());
  }

  /**
   * Starts an engine that is not ready (its API answers 503, {@code /health/ready} says why) until
   * every job of {@code requiredJobs} is registered, so that no event accepted can match nothing
   * for want of them. Returns once it processes events; wait for {@link #notReadyReason()} to be
   * empty before sending.
   */
  public static RunlogEngine start(EngineConfig config, Set<String> requiredJobs) {
    return new RunlogEngine(config, Set.copyOf(requiredJobs));
  }

  /**
   * Blocks until this engine processes nothing more: after {@link #close()}, or after Kafka Streams
   * failed (its global thread died; a stream thread that fails is replaced). Returns why, if it
   * failed: a process that exists to run the engine should then exit, so that whatever supervises
   * it starts it again on its state ({@code runlog engine} exits with 7; {@code /health/live}
   * answers 503).
   *
   * <pre>{@code
   * RunlogEngine engine = RunlogEngine.start(config);
   * engine.awaitStop().ifPresent(reason -> System.exit(1));
   * }</pre>
   */
  public Optional<String> awaitStop() throws InterruptedException {
    return streamsReadiness.awaitStop();
  }

  public EngineConfig config() {
    return config;
  }

  public int httpPort() {
    return rest.port();
  }

  /** Base URL of the REST API ({@code https} when it serves TLS). */
  public String url() {
    return config.rest().scheme() + "://localhost:" + httpPort();
  }

  /**
   * The REST address of the instance that owns run {@code runId} now ("host:port"), null while
   * unknown.
   */
  public String ownerOf(String runId) {
    var meta =
        streams.queryMetadataForKey(
            dev.runlog.engine.topology.RunStores.RUNS,
            runId,
            org.apache.kafka.common.serialization.Serdes.String().serializer());
    return meta == null || meta.activeHost() == null || meta.activeHost().port() < 0
        ? null
        : meta.activeHost().host() + ":" + meta.activeHost().port();
  }

  /**
   * One more condition for readiness: until it gives no reason, {@code /health/ready} and every
   * {@code /api} route answer 503 with its reason (for example, dev mode waiting for its example
   * job). Webhooks do not wait for it: their events are durable on Kafka whatever the engine's
   * state, and only the source definitions must be read first.
   */
  public void addReadinessCheck(Readiness check) {
    readiness.add(check);
  }

  /**
   * Why this instance is not ready now, or empty when it is (the same answer as {@code
   * /health/ready}).
   */
  public Optional<String> notReadyReason() {
    return Readiness.allOf(readiness).notReadyReason();
  }

  /**
   * True once job {@code jobId} is in the engine's table of jobs, so that its events start runs.
   * False while the engine is starting.
   */
  public boolean hasJob(String jobId) {
    try {
      return queries != null
          && queries.jobs().get(jobId) != null; // null while the constructor runs
    } catch (RunQueries.NotReadyException e) {
      return false;
    }
  }

  public RunCounters counters() {
    return counters;
  }

  /** Every source definition, as this instance has read them. */
  public SourceCatalog sources() {
    return sources;
  }

  /** Every managed connection (without its secret), as this instance has read them. */
  public ConnectionCatalog connections() {
    return connections;
  }

  /** What each source's runtime on this instance reports. */
  public SourceStatuses sourceStatuses() {
    return sourceStatuses;
  }

  /**
   * The keys in this instance's state stores, by store, counted (every key is read: for tests, the
   * benchmark and diagnosis); what the retention of finished runs keeps from growing.
   */
  public java.util.Map<String, Long> storeKeys() {
    return dev.runlog.engine.metrics.StoreSizes.keys(streams, storeNames);
  }

  /** Bytes of this instance's state stores on disk (the files under its state dir). */
  public long storeDiskBytes() {
    return dev.runlog.engine.metrics.StoreSizes.diskBytes(
        config.stateDir().resolve(config.applicationId()));
  }

  @Override
  public void close() {
    if (topicWatch != null) { // null when the start failed
      topicWatch.close();
    }
    rest.close();
    closeStreams();
    kafkaSources.close();
    sources.close();
    connections.close();
    events.close();
  }

  private static List<String> storeNames(org.apache.kafka.streams.Topology topology) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    var description = topology.describe();
    description
        .subtopologies()
        .forEach(
            s ->
                s.nodes()
                    .forEach(
                        n -> {
                          if (n
                              instanceof org.apache.kafka.streams.TopologyDescription.Processor p) {
                            names.addAll(p.stores());
                          }
                        }));
    description.globalStores().forEach(g -> names.addAll(g.processor().stores()));
    return List.copyOf(names);
  }

  /**
   * Stops processing for {@code reason}, for good: {@link #awaitStop} returns it, and the health
   * checks answer dead with it.
   */
  private void stop(String reason) {
    LOG.error(
        "{}: this engine stops processing; started again, it creates what is missing", reason);
    streamsReadiness.stoppingFor(reason);
    closeStreams();
  }

  /**
   * Leaves the group, static member though it is (Kafka 4.x sends the LeaveGroup when asked to):
   * the other instances get the partitions at once instead of after the session timeout.
   */
  private void closeStreams() {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
  }

  /** The executions topics of the jobs registered: the engine dispatches their runs to them. */
  private List<String> executionsTopics() {
    try {
      return queries.jobs().all().stream()
          .map(job -> config.topics().executions(job.id()).name())
          .toList();
    } catch (RuntimeException e) { // not ready, stopping
      return List.of();
    }
  }

  /**
   * Makes again the executions topics that were deleted: the engine's dispatch waits for them
   * (their workers make them only at their start).
   */
  private void remakeExecutionsTopics(Set<String> gone) {
    LOG.warn(
        "topic{} {} no longer exist{} (deleted?): made again, for their jobs' runs",
        gone.size() == 1 ? "" : "s",
        String.join(", ", gone),
        gone.size() == 1 ? "s" : "");
    try {
      TopicSetup.ensureLike(
          clientProperties(config),
          config.topics(),
          List.copyOf(gone),
          config.topics().runEvents().name());
    } catch (RuntimeException e) {
      LOG.warn("cannot make {} again: {}", gone, e.toString());
    }
  }

  /** Returns once Kafka Streams has been RUNNING; closes the engine and throws if it never was. */
  private void awaitRunning(StreamsStart started) {
    try {
      if (started.awaitRunning(START_DEADLINE)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    KafkaStreams.State state = streams.state();
    close();
    throw new IllegalStateException("the engine did not start: Kafka Streams is " + state);
  }

  private static Properties streamsProperties(
      EngineConfig config, int httpPort, RunCounters counters) {
    Properties p = new Properties();
    p.putAll(config.kafka());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    StreamsLatency.apply(p, config.processingGuarantee(), config.commitIntervalMs());
    if (!p.containsKey(TRANSACTION_TIMEOUT)
        && !p.containsKey(StreamsConfig.producerPrefix(TRANSACTION_TIMEOUT))) {
      // Kafka Streams' own 10 s is about a broker's failover time (9 s of missed heartbeats, then
      // an
      // election): a transaction open when a leader died timed out, the coordinator aborted it, and
      // the fenced stream thread dropped all its tasks and rejoined its group, a minute without
      // progress (ThreeBrokerIT: failovers stalled runs 10.6-13 s). 15 s outlasts a failover. It is
      // also about how long a killed instance's open transaction holds back read_committed readers
      // of its partitions, so that the survivor waits for it after the session timeout (the broker
      // aborts it up to transaction.abort.timed.out.transaction.cleanup.interval.ms later; at 20 s
      // a
      // survivor took 31 s, at 10 s 14-18 s). A restart on the same state dir aborts it at once.
      p.put(
          StreamsConfig.producerPrefix(TRANSACTION_TIMEOUT),
          (int) Duration.ofSeconds(15).toMillis());
    }
    StreamsRecovery.apply(p, config);
    InternalTopicCreation.apply(p);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + httpPort);
    // A record whose processing throws goes to dead letters with the exception and is counted,
    // rather
    // than failing the thread again and again on the same record. The processors catch first, to
    // drop
    // the record's staged changes; the handler is the backstop for what they do not catch.
    DeadLetterOnError.configure(p, counters, config.topics().deadLetters().name());
    return p;
  }

  /** The engine's Kafka client settings: its bootstrap servers and security. */
  private static java.util.Map<String, Object> clientSettings(EngineConfig config) {
    java.util.Map<String, Object> settings = new java.util.HashMap<>(config.kafka());
    settings.put("bootstrap.servers", config.bootstrapServers());
    return settings;
  }

  /** The engine's Kafka client settings: its bootstrap servers and security. */
  private static Properties clientProperties(EngineConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafka());
    p.put("bootstrap.servers", config.bootstrapServers());
    return p;
  }

  private static Peers peers(RestSettings rest) {
    if (!rest.keys().isEmpty() && rest.peerKey().isEmpty()) {
      LOG.warn(
          "API keys are configured but no key to send other engine instances: set {} (a read or admin key), or queries that "
              + "another instance must answer will fail",
          EngineConfig.API_PEER_KEY_CONFIG);
    }
    return new Peers(rest.scheme(), rest.tls().map(Https::peerContext), rest.peerKey());
  }

  /**
   * Drops the global store if it was read from a jobs topic deleted and made again since (see
   * {@link GlobalStateCheck}); keeps it when the cluster cannot say.
   */
  private static void dropGlobalStateOfAnotherTopic(EngineConfig config) {
    java.nio.file.Path stateDir = config.stateDir().toAbsolutePath();
    String topic = config.topics().jobs().name();
    Optional<String> found;
    try (TopicLookout lookout = new TopicLookout(clientProperties(config), "runlog-start")) {
      found = lookout.ids(List.of(topic)).flatMap(ids -> ids.get(topic)).map(Object::toString);
    }
    if (found.isEmpty()) {
      LOG.warn("cannot tell which {} the global store was read from", topic);
      return;
    }
    String id = found.get();
    java.nio.file.Path idFile = GlobalStateCheck.topicIdFile(stateDir, config.applicationId());
    GlobalStateCheck.readFromAnotherTopic(idFile, topic, id)
        .ifPresent(
            why -> {
              LOG.warn("{}: the global store is read again from its start", why);
              GlobalStateCheck.drop(GlobalStateCheck.globalDir(stateDir, config.applicationId()));
            });
    GlobalStateCheck.remember(idFile, id); // after the drop: a crash between them drops it again
  }

  /** The topics the engine creates at its start: it stops if one of them is deleted later. */
  static List<String> ownTopics(Topics topics) {
    List<String> names = new ArrayList<>(topics.engineTopics());
    names.add(EngineTopology.admissionTopic(topics));
    names.add(EventWaits.topic(topics)); // keyed by event name, like admission by limit
    names.add(EventExpiry.topic(topics));
    return List.copyOf(names);
  }

  /**
   * Creates the topics that are missing, kept for the retention's topic retention, and warns about
   * existing ones kept for another (see {@link TopicRetention} for why it does not change them).
   */
  private static void createTopics(EngineConfig config) {
    Topics topics = config.topics();
    // Partitioned like the triggers, whatever their count: a message goes to the partition of the
    // event's record.
    String eventExpiry = EventExpiry.topic(topics);
    List<String> names = new ArrayList<>(ownTopics(topics));
    names.remove(eventExpiry);
    Properties p = clientProperties(config);
    long retentionMs = config.retention().topicRetentionMs();
    List<String> created =
        new ArrayList<>(
            TopicSetup.ensure(
                p,
                topics,
                names,
                Optional.of(config.partitions()),
                Optional.of(config.replicationFactor()),
                retentionMs));
    created.addAll(
        TopicSetup.ensureLike(
            p, topics, List.of(eventExpiry), topics.triggers().name(), retentionMs));
    names.add(eventExpiry);
    names.removeAll(created); // made just now with the retention asked for
    if (names.isEmpty()) {
      return;
    }
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(p)) {
      TopicRetention.check(admin, topics, names, retentionMs).forEach(LOG::warn);
    } catch (Exception e) {
      LOG.warn("cannot check the retention of the runlog topics: {}", e.getMessage());
    }
  }
}
