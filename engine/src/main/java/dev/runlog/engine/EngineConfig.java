package dev.runlog.engine;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.webhook.WebhookSecrets;
import dev.runlog.protocol.topic.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The engine's settings. Every key is a constant with its documentation ({@link #KEYS}); the
 * README's configuration table lists the same keys. Any other {@code kafka.*} key is passed to
 * Kafka Streams and its clients without the prefix.
 */
public record EngineConfig(
    String bootstrapServers,
    String topicPrefix,
    String applicationId,
    Path stateDir,
    int httpPort,
    String advertisedHost,
    String processingGuarantee,
    long commitIntervalMs,
    int partitions,
    short replicationFactor,
    int streamThreads,
    long timerTickMs,
    Optional<String> instanceId,
    int sessionTimeoutMs,
    int standbyReplicas,
    Map<String, Object> kafka,
    RestSettings rest,
    long runRetentionMs,
    long eventWaitBufferMs) {

  public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  public static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to.";
  public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
  public static final String TOPIC_PREFIX_DOC =
      "Prefix of every runlog topic (<prefix>.triggers, ...); lets environments share a cluster.";
  public static final String APPLICATION_ID_CONFIG = "application.id";
  public static final String APPLICATION_ID_DOC =
      "Kafka Streams application id; engine instances with the same id share the work.";
  public static final String STATE_DIR_CONFIG = "state.dir";
  public static final String STATE_DIR_DOC = "Where the engine keeps its local state stores.";
  public static final String HTTP_PORT_CONFIG = "http.port";
  public static final String HTTP_PORT_DOC = "Port of the REST API (0: any free port).";
  public static final String ADVERTISED_HOST_CONFIG = "advertised.host";
  public static final String ADVERTISED_HOST_DOC =
      "The host name other engine instances reach this one's REST API at (queries are forwarded there).";
  public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
  public static final String PROCESSING_GUARANTEE_DOC =
      "exactly_once_v2 (default) or at_least_once (no commit waits, but after a crash the stores, the log and the dispatches may disagree: only exactly_once_v2 keeps the delivery contract).";
  public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
  public static final String COMMIT_INTERVAL_MS_DOC =
      "Kafka Streams commit interval under load (a lightly loaded engine commits each write at once): longer means more throughput and more latency under load. Keep it above what a commit takes on your cluster.";
  public static final String PARTITIONS_CONFIG = "partitions";
  public static final String PARTITIONS_DOC =
      "Partitions of the topics the engine creates (the most engine instances that share work).";
  public static final String REPLICATION_FACTOR_CONFIG = "replication.factor";
  public static final String REPLICATION_FACTOR_DOC =
      "Replication factor of the topics the engine creates (auto: 3, or the number of brokers when"
          + " the cluster has fewer).";

  /** {@link #replicationFactor()} when it is decided at start-up from the cluster's size. */
  public static final short AUTO_REPLICATION = -1;

  public static final String STREAM_THREADS_CONFIG = "stream.threads";
  public static final String STREAM_THREADS_DOC = "Kafka Streams threads of this instance.";
  public static final String TIMER_TICK_MS_CONFIG = "timer.tick.ms";
  public static final String TIMER_TICK_MS_DOC =
      "How often due timers (waits, retries, leases, time-outs, delayed events) are fired.";
  public static final String INSTANCE_ID_CONFIG = "instance.id";
  public static final String INSTANCE_ID_DOC =
      "This instance's static group membership id (Kafka's group.instance.id; Kafka Streams appends -<thread>): "
          + "an instance restarted with the same id takes its partitions back at once, without waiting for session.timeout.ms or a rebalance. "
          + "By default a random id made at the first start and kept in <state.dir>/instance-id. Two live instances must never share one: "
          + "delete that file from a copied state dir.";
  public static final String SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
  public static final String SESSION_TIMEOUT_MS_DOC =
      "How long the group waits for a silent instance (killed, or frozen by a long GC pause or CPU starvation) "
          + "before giving its partitions to the others; it heartbeats every third of it. Shorter fails over sooner but evicts a live instance "
          + "that stalls longer (a rebalance, then it rejoins). A restart with the same instance.id does not wait for it. Replaces kafka.session.timeout.ms, "
          + "which is its default when set.";
  public static final String STANDBY_REPLICAS_CONFIG = "standby.replicas";
  public static final String STANDBY_REPLICAS_DOC =
      "Warm copies of each partition's state that other instances keep up to date (Kafka Streams' num.standby.replicas): "
          + "the instance that takes over a dead one's partitions resumes at once instead of rebuilding their state from the changelogs. "
          + "Each copy costs the disk of that state and reading its changelog; with one instance it does nothing.";
  public static final String RUN_RETENTION_MS_CONFIG = "run.retention.ms";
  public static final String RUN_RETENTION_MS_DOC =
      "How long a finished run (SUCCESS, FAILURE, CANCELED, TIMED_OUT, INVALID_PAYLOAD, "
          + "UNRESOLVED_AUTH) is kept after it finished; then it is removed from every store, with the record of its event, and the API "
          + "answers 404 \"expired\" for as long again. A run that has not finished is kept however old. The topics the engine creates keep "
          + "records this long plus as much again (at least a day more). -1 keeps everything for ever.";
  public static final String EVENT_WAIT_BUFFER_MS_CONFIG = "event.wait.buffer.ms";
  public static final String EVENT_WAIT_BUFFER_MS_DOC =
      "How long events are kept for runs that will wait for them (io.waitForEvent) but have not asked yet: "
          + "a wait gets the first matching event sent after its run was created and at most this long before it asked. "
          + "Every event is kept this long (its payload too, on the engine's disk); 0 keeps none: only events sent after the wait was asked for count.";
  public static final String HTTP_HOST_CONFIG = "http.host";
  public static final String HTTP_HOST_DOC =
      "The address the REST API listens on: 0.0.0.0 every interface, 127.0.0.1 this machine only. "
          + "On an address other machines can reach the engine refuses to start without api.keys or api.keys.file, unless http.insecure is true. "
          + "(An engine started from code, and runlog dev, listen on 127.0.0.1.)";
  public static final String HTTP_INSECURE_CONFIG = "http.insecure";
  public static final String HTTP_INSECURE_DOC =
      "true: serve the REST API without API keys even on an address other machines can reach "
          + "(anyone who reaches it can send events, cancel runs and delete jobs). runlog engine --insecure sets it.";
  public static final String HTTP_TLS_KEYSTORE_PATH_CONFIG = "http.tls.keystore.path";
  public static final String HTTP_TLS_KEYSTORE_PATH_DOC =
      "A keystore with the REST API's private key and certificate chain: when set, the API, "
          + "the dashboard and /metrics are served over HTTPS only, and instances call each other over HTTPS (trusting the JVM's trust store "
          + "and the certificates in this keystore; a certificate must name the instance's advertised.host).";
  public static final String HTTP_TLS_KEYSTORE_PASSWORD_CONFIG = "http.tls.keystore.password";
  public static final String HTTP_TLS_KEYSTORE_PASSWORD_DOC =
      "The keystore's password (also the key's).";
  public static final String HTTP_TLS_KEYSTORE_TYPE_CONFIG = "http.tls.keystore.type";
  public static final String HTTP_TLS_KEYSTORE_TYPE_DOC = "The keystore's type: PKCS12 or JKS.";
  public static final String API_KEYS_CONFIG = "api.keys";
  public static final String API_KEYS_DOC =
      "API keys in clear, role=key entries separated by commas (admin=...,read=...). With any key "
          + "(here or in api.keys.file) every /api route and /metrics need Authorization: Bearer <key>; the health probes and the dashboard's "
          + "files do not. Roles: admin (everything), read (every GET), metrics (/metrics only). At least 16 characters each.";
  public static final String API_KEYS_FILE_CONFIG = "api.keys.file";
  public static final String API_KEYS_FILE_DOC =
      "A file of hashed API keys, one per line: <name> <role> sha256:<hex of the key's SHA-256> "
          + "(runlog keys new prints a key and its line). Read at start.";
  public static final String API_PEER_KEY_CONFIG = "api.peer.key";
  public static final String API_PEER_KEY_DOC =
      "The key (read or admin) this instance sends when it forwards a query to another instance; "
          + "every instance must accept it. Default: the first read or admin key of api.keys; set it when the keys are in api.keys.file.";
  public static final String METRICS_AUTH_CONFIG = "metrics.auth";
  public static final String METRICS_AUTH_DOC =
      "Who may read /metrics when API keys are configured: api (a key of any role: give Prometheus "
          + "a metrics key) or none (anyone who reaches the port).";

  public static final String WEBHOOK_SECRET_CONFIG = "webhook.secret.<name>";
  public static final String WEBHOOK_SECRET_DOC =
      "A secret webhook sources check signatures with: a source whose spec says "
          + "\"secret\": {\"setting\": \"<name>\"} uses it ({\"env\": \"VARIABLE\"} reads an environment variable instead). "
          + "Set it in the settings file or as RUNLOG_WEBHOOK_SECRET_<NAME>; it is never written to Kafka nor shown by the API. "
          + "Without it the source is FAILING and its requests are answered 503.";
  public static final String CONNECTIONS_KEY_CONFIG = "connections.key";
  public static final String CONNECTIONS_KEY_DOC =
      "The AES key (base64 of 16, 24 or 32 bytes) the API seals managed connections with before it writes them to Kafka; "
          + "workers open them with the same key (their connections.key, or RUNLOG_CONNECTIONS_KEY). It never enters Kafka: "
          + "connections record a digest of it. Without it connections cannot be stored (409), and runs of jobs that need one wait. "
          + "runlog dev makes one and keeps it in its data directory.";

  /**
   * Ten seconds: a SIGKILLed instance's partitions move within ~10 s instead of Kafka's 45 s, while
   * a live instance survives pauses of several seconds (its heartbeats come from a thread of their
   * own, so only a stall of the whole JVM or of its network stops them).
   */
  static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

  /**
   * One: with two instances or more, a dead one's partitions resume on an instance that holds a
   * warm copy.
   */
  static final int DEFAULT_STANDBY_REPLICAS = 1;

  /** What a group.instance.id may hold (Kafka's rule), short enough for Streams' thread suffix. */
  private static final Pattern INSTANCE_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  /** Every key with its documentation and default, in the README's order. */
  public static final List<List<String>> KEYS =
      List.of(
          List.of(BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS_DOC, "localhost:9092"),
          List.of(TOPIC_PREFIX_CONFIG, TOPIC_PREFIX_DOC, Topics.DEFAULT_PREFIX),
          List.of(APPLICATION_ID_CONFIG, APPLICATION_ID_DOC, "<prefix>-engine"),
          List.of(STATE_DIR_CONFIG, STATE_DIR_DOC, "./.runlog/engine"),
          List.of(HTTP_PORT_CONFIG, HTTP_PORT_DOC, "8080"),
          List.of(ADVERTISED_HOST_CONFIG, ADVERTISED_HOST_DOC, "localhost"),
          List.of(PROCESSING_GUARANTEE_CONFIG, PROCESSING_GUARANTEE_DOC, "exactly_once_v2"),
          List.of(COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS_DOC, "100"),
          List.of(PARTITIONS_CONFIG, PARTITIONS_DOC, "6"),
          List.of(REPLICATION_FACTOR_CONFIG, REPLICATION_FACTOR_DOC, "auto"),
          List.of(STREAM_THREADS_CONFIG, STREAM_THREADS_DOC, "1"),
          List.of(TIMER_TICK_MS_CONFIG, TIMER_TICK_MS_DOC, "100"),
          List.of(INSTANCE_ID_CONFIG, INSTANCE_ID_DOC, "<state.dir>/instance-id"),
          List.of(
              SESSION_TIMEOUT_MS_CONFIG,
              SESSION_TIMEOUT_MS_DOC,
              String.valueOf(DEFAULT_SESSION_TIMEOUT_MS)),
          List.of(
              STANDBY_REPLICAS_CONFIG,
              STANDBY_REPLICAS_DOC,
              String.valueOf(DEFAULT_STANDBY_REPLICAS)),
          List.of(HTTP_HOST_CONFIG, HTTP_HOST_DOC, "0.0.0.0"),
          List.of(HTTP_INSECURE_CONFIG, HTTP_INSECURE_DOC, "false"),
          List.of(HTTP_TLS_KEYSTORE_PATH_CONFIG, HTTP_TLS_KEYSTORE_PATH_DOC, "(none: plain HTTP)"),
          List.of(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, HTTP_TLS_KEYSTORE_PASSWORD_DOC, "(none)"),
          List.of(HTTP_TLS_KEYSTORE_TYPE_CONFIG, HTTP_TLS_KEYSTORE_TYPE_DOC, "PKCS12"),
          List.of(API_KEYS_CONFIG, API_KEYS_DOC, "(none)"),
          List.of(API_KEYS_FILE_CONFIG, API_KEYS_FILE_DOC, "(none)"),
          List.of(API_PEER_KEY_CONFIG, API_PEER_KEY_DOC, "(first read or admin key of api.keys)"),
          List.of(METRICS_AUTH_CONFIG, METRICS_AUTH_DOC, "api"),
          List.of(WEBHOOK_SECRET_CONFIG, WEBHOOK_SECRET_DOC, "(none)"),
          List.of(CONNECTIONS_KEY_CONFIG, CONNECTIONS_KEY_DOC, "(none)"),
          List.of(
              RUN_RETENTION_MS_CONFIG,
              RUN_RETENTION_MS_DOC,
              String.valueOf(Retention.DEFAULT_KEEP.toMillis())),
          List.of(EVENT_WAIT_BUFFER_MS_CONFIG, EVENT_WAIT_BUFFER_MS_DOC, "3600000"));

  public EngineConfig {
    kafka = Map.copyOf(kafka);
    java.util.Objects.requireNonNull(rest, "rest");
    new Topics(topicPrefix); // validates the prefix
    if (!processingGuarantee.equals("exactly_once_v2")
        && !processingGuarantee.equals("at_least_once")) {
      throw new IllegalArgumentException(
          PROCESSING_GUARANTEE_CONFIG + " must be exactly_once_v2 or at_least_once");
    }
    if (instanceId.isPresent() && !INSTANCE_ID.matcher(instanceId.get()).matches()) {
      throw new IllegalArgumentException(
          INSTANCE_ID_CONFIG + " must be 1 to 200 of a-z A-Z 0-9 . _ -: " + instanceId.get());
    }
    if (sessionTimeoutMs < 1) {
      throw new IllegalArgumentException(SESSION_TIMEOUT_MS_CONFIG + " must be positive");
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException(STANDBY_REPLICAS_CONFIG + " must be 0 or more");
    }
    if (eventWaitBufferMs < 0) {
      throw new IllegalArgumentException(
          EVENT_WAIT_BUFFER_MS_CONFIG + " must be 0 or more: " + eventWaitBufferMs);
    }
    if (runRetentionMs != -1 && runRetentionMs <= 0) {
      throw new IllegalArgumentException(
          RUN_RETENTION_MS_CONFIG
              + " must be positive, or -1 to keep finished runs for ever: "
              + runRetentionMs);
    }
  }

  /** The settings with the default buffer of events for waits ({@link BufferWindow#DEFAULT}). */
  public EngineConfig(
      String bootstrapServers,
      String topicPrefix,
      String applicationId,
      Path stateDir,
      int httpPort,
      String advertisedHost,
      String processingGuarantee,
      long commitIntervalMs,
      int partitions,
      short replicationFactor,
      int streamThreads,
      long timerTickMs,
      Optional<String> instanceId,
      int sessionTimeoutMs,
      int standbyReplicas,
      Map<String, Object> kafka,
      RestSettings rest,
      long runRetentionMs) {
    this(
        bootstrapServers,
        topicPrefix,
        applicationId,
        stateDir,
        httpPort,
        advertisedHost,
        processingGuarantee,
        commitIntervalMs,
        partitions,
        replicationFactor,
        streamThreads,
        timerTickMs,
        instanceId,
        sessionTimeoutMs,
        standbyReplicas,
        kafka,
        rest,
        runRetentionMs,
        BufferWindow.DEFAULT.toMillis());
  }

  /** The settings with the default retention of finished runs. */
  public EngineConfig(
      String bootstrapServers,
      String topicPrefix,
      String applicationId,
      Path stateDir,
      int httpPort,
      String advertisedHost,
      String processingGuarantee,
      long commitIntervalMs,
      int partitions,
      short replicationFactor,
      int streamThreads,
      long timerTickMs,
      Optional<String> instanceId,
      int sessionTimeoutMs,
      int standbyReplicas,
      Map<String, Object> kafka,
      RestSettings rest) {
    this(
        bootstrapServers,
        topicPrefix,
        applicationId,
        stateDir,
        httpPort,
        advertisedHost,
        processingGuarantee,
        commitIntervalMs,
        partitions,
        replicationFactor,
        streamThreads,
        timerTickMs,
        instanceId,
        sessionTimeoutMs,
        standbyReplicas,
        kafka,
        rest,
        Retention.DEFAULT_KEEP.toMillis());
  }

  /**
   * The settings without the REST ones: plain HTTP on loopback, no keys ({@link
   * RestSettings#loopback()}).
   */
  public EngineConfig(
      String bootstrapServers,
      String topicPrefix,
      String applicationId,
      Path stateDir,
      int httpPort,
      String advertisedHost,
      String processingGuarantee,
      long commitIntervalMs,
      int partitions,
      short replicationFactor,
      int streamThreads,
      long timerTickMs,
      Optional<String> instanceId,
      int sessionTimeoutMs,
      int standbyReplicas,
      Map<String, Object> kafka) {
    this(
        bootstrapServers,
        topicPrefix,
        applicationId,
        stateDir,
        httpPort,
        advertisedHost,
        processingGuarantee,
        commitIntervalMs,
        partitions,
        replicationFactor,
        streamThreads,
        timerTickMs,
        instanceId,
        sessionTimeoutMs,
        standbyReplicas,
        kafka,
        RestSettings.loopback());
  }

  /**
   * The settings without the recovery and REST ones, which take their defaults (REST: plain HTTP on
   * loopback, no keys).
   */
  public EngineConfig(
      String bootstrapServers,
      String topicPrefix,
      String applicationId,
      Path stateDir,
      int httpPort,
      String advertisedHost,
      String processingGuarantee,
      long commitIntervalMs,
      int partitions,
      short replicationFactor,
      int streamThreads,
      long timerTickMs,
      Map<String, Object> kafka) {
    this(
        bootstrapServers,
        topicPrefix,
        applicationId,
        stateDir,
        httpPort,
        advertisedHost,
        processingGuarantee,
        commitIntervalMs,
        partitions,
        replicationFactor,
        streamThreads,
        timerTickMs,
        Optional.empty(),
        DEFAULT_SESSION_TIMEOUT_MS,
        DEFAULT_STANDBY_REPLICAS,
        kafka);
  }

  /**
   * Defaults for a broker at {@code bootstrapServers}, state under {@code stateDir}. The REST API
   * listens on loopback without keys (an engine embedded in a program or a test); {@link #from}
   * defaults to every interface, as a server does.
   */
  public static EngineConfig defaults(String bootstrapServers, Path stateDir) {
    return new EngineConfig(
        bootstrapServers,
        Topics.DEFAULT_PREFIX,
        Topics.DEFAULT_PREFIX + "-engine",
        stateDir,
        8080,
        "localhost",
        "exactly_once_v2",
        100,
        6,
        AUTO_REPLICATION,
        1,
        100,
        Map.of());
  }

  /** Reads the keys above from {@code props}; missing ones take their defaults. */
  public static EngineConfig from(Map<String, String> props, Path defaultStateDir) {
    EngineConfig d =
        defaults(props.getOrDefault(BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"), defaultStateDir);
    String prefix = props.getOrDefault(TOPIC_PREFIX_CONFIG, d.topicPrefix());
    Map<String, Object> kafka = new LinkedHashMap<>();
    props.forEach(
        (k, v) -> {
          if (k.startsWith("kafka.")) {
            kafka.put(k.substring("kafka.".length()), v);
          }
        });
    return new EngineConfig(
        d.bootstrapServers(),
        prefix,
        props.getOrDefault(APPLICATION_ID_CONFIG, prefix + "-engine"),
        Path.of(props.getOrDefault(STATE_DIR_CONFIG, defaultStateDir.toString())),
        Integer.parseInt(props.getOrDefault(HTTP_PORT_CONFIG, "8080")),
        props.getOrDefault(ADVERTISED_HOST_CONFIG, d.advertisedHost()),
        props.getOrDefault(PROCESSING_GUARANTEE_CONFIG, d.processingGuarantee()),
        Long.parseLong(
            props.getOrDefault(COMMIT_INTERVAL_MS_CONFIG, String.valueOf(d.commitIntervalMs()))),
        Integer.parseInt(props.getOrDefault(PARTITIONS_CONFIG, String.valueOf(d.partitions()))),
        replicationFactor(props.getOrDefault(REPLICATION_FACTOR_CONFIG, "auto")),
        Integer.parseInt(
            props.getOrDefault(STREAM_THREADS_CONFIG, String.valueOf(d.streamThreads()))),
        Long.parseLong(props.getOrDefault(TIMER_TICK_MS_CONFIG, String.valueOf(d.timerTickMs()))),
        Optional.ofNullable(props.get(INSTANCE_ID_CONFIG)),
        Integer.parseInt(
            props.getOrDefault(
                SESSION_TIMEOUT_MS_CONFIG,
                props.getOrDefault(
                    "kafka." + SESSION_TIMEOUT_MS_CONFIG, String.valueOf(d.sessionTimeoutMs())))),
        Integer.parseInt(
            props.getOrDefault(STANDBY_REPLICAS_CONFIG, String.valueOf(d.standbyReplicas()))),
        kafka,
        rest(props),
        Long.parseLong(
            props.getOrDefault(RUN_RETENTION_MS_CONFIG, String.valueOf(d.runRetentionMs()))),
        Long.parseLong(
            props.getOrDefault(
                EVENT_WAIT_BUFFER_MS_CONFIG, String.valueOf(d.eventWaitBufferMs()))));
  }

  private static RestSettings rest(Map<String, String> props) {
    String clearKeys = props.getOrDefault(API_KEYS_CONFIG, "");
    ApiKeys keys;
    try {
      keys = ApiKeys.parse(clearKeys);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          API_KEYS_CONFIG + ": " + e.getMessage(), e); // never the keys themselves
    }
    String file = props.get(API_KEYS_FILE_CONFIG);
    if (file != null && !file.isBlank()) {
      keys = keys.and(ApiKeys.read(Path.of(file)));
    }
    Optional<String> peerKey =
        Optional.ofNullable(props.get(API_PEER_KEY_CONFIG))
            .filter(k -> !k.isBlank())
            .or(() -> ApiKeys.firstReadKey(clearKeys));
    String metricsAuth = props.getOrDefault(METRICS_AUTH_CONFIG, "api");
    if (!metricsAuth.equals("api") && !metricsAuth.equals("none")) {
      throw new IllegalArgumentException(
          METRICS_AUTH_CONFIG + " must be api or none, not " + metricsAuth);
    }
    Optional<RestSettings.Tls> tls =
        Optional.ofNullable(props.get(HTTP_TLS_KEYSTORE_PATH_CONFIG))
            .filter(p -> !p.isBlank())
            .map(
                path ->
                    new RestSettings.Tls(
                        Path.of(path),
                        props.getOrDefault(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, ""),
                        props.getOrDefault(HTTP_TLS_KEYSTORE_TYPE_CONFIG, "PKCS12")));
    return new RestSettings(
        props.getOrDefault(HTTP_HOST_CONFIG, "0.0.0.0"),
        tls,
        keys,
        metricsAuth.equals("none"),
        peerKey,
        bool(props, HTTP_INSECURE_CONFIG),
        WebhookSecrets.fromSettings(props),
        connectionsKey(props));
  }

  private static Optional<ConnectionCipher> connectionsKey(Map<String, String> props) {
    String key = props.get(CONNECTIONS_KEY_CONFIG);
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConnectionCipher.fromBase64(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          CONNECTIONS_KEY_CONFIG + ": " + e.getMessage(), e); // never the key itself
    }
  }

  private static boolean bool(Map<String, String> props, String key) {
    String value = props.getOrDefault(key, "false").strip();
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not " + value);
    }
    return Boolean.parseBoolean(value);
  }

  public EngineConfig withHttpPort(int port) {
    Copy c = new Copy(this);
    c.httpPort = port;
    return c.build();
  }

  public EngineConfig withRest(RestSettings settings) {
    Copy c = new Copy(this);
    c.rest = settings;
    return c.build();
  }

  /** {@code value} of {@code replication.factor}: a number, or auto. */
  private static short replicationFactor(String value) {
    if ("auto".equalsIgnoreCase(value.trim())) {
      return AUTO_REPLICATION;
    }
    short factor = Short.parseShort(value.trim());
    if (factor < 1 && factor != AUTO_REPLICATION) {
      throw new IllegalArgumentException(
          REPLICATION_FACTOR_CONFIG + " must be auto or at least 1, was " + value);
    }
    return factor;
  }

  /** The same settings with topics created with {@code factor} replicas. */
  public EngineConfig withReplicationFactor(short factor) {
    Copy c = new Copy(this);
    c.replicationFactor = factor;
    return c.build();
  }

  public EngineConfig withPartitions(int count) {
    Copy c = new Copy(this);
    c.partitions = count;
    return c.build();
  }

  /** The same settings keeping finished runs {@code retention} ({@code null}: for ever). */
  public EngineConfig withRunRetention(java.time.Duration retention) {
    Copy c = new Copy(this);
    c.runRetentionMs = retention == null ? -1 : retention.toMillis();
    return c.build();
  }

  /** How long finished runs are kept. */
  public Retention retention() {
    return Retention.of(runRetentionMs);
  }

  /** How long events are kept for waits not asked for yet. */
  public BufferWindow eventWaitBuffer() {
    return new BufferWindow(java.time.Duration.ofMillis(eventWaitBufferMs));
  }

  /** The same settings keeping events for waits {@code window} (zero: not at all). */
  public EngineConfig withEventWaitBuffer(java.time.Duration window) {
    Copy c = new Copy(this);
    c.eventWaitBufferMs = window.toMillis();
    return c.build();
  }

  public Topics topics() {
    return new Topics(topicPrefix);
  }

  /** A copy of some settings to change, for the with-methods. */
  private static final class Copy {
    private String bootstrapServers;
    private String topicPrefix;
    private String applicationId;
    private Path stateDir;
    private int httpPort;
    private String advertisedHost;
    private String processingGuarantee;
    private long commitIntervalMs;
    private int partitions;
    private short replicationFactor;
    private int streamThreads;
    private long timerTickMs;
    private Optional<String> instanceId;
    private int sessionTimeoutMs;
    private int standbyReplicas;
    private Map<String, Object> kafka;
    private RestSettings rest;
    private long runRetentionMs;
    private long eventWaitBufferMs;

    Copy(EngineConfig c) {
      bootstrapServers = c.bootstrapServers;
      topicPrefix = c.topicPrefix;
      applicationId = c.applicationId;
      stateDir = c.stateDir;
      httpPort = c.httpPort;
      advertisedHost = c.advertisedHost;
      processingGuarantee = c.processingGuarantee;
      commitIntervalMs = c.commitIntervalMs;
      partitions = c.partitions;
      replicationFactor = c.replicationFactor;
      streamThreads = c.streamThreads;
      timerTickMs = c.timerTickMs;
      instanceId = c.instanceId;
      sessionTimeoutMs = c.sessionTimeoutMs;
      standbyReplicas = c.standbyReplicas;
      kafka = c.kafka;
      rest = c.rest;
      runRetentionMs = c.runRetentionMs;
      eventWaitBufferMs = c.eventWaitBufferMs;
    }

    EngineConfig build() {
      return new EngineConfig(
          bootstrapServers,
          topicPrefix,
          applicationId,
          stateDir,
          httpPort,
          advertisedHost,
          processingGuarantee,
          commitIntervalMs,
          partitions,
          replicationFactor,
          streamThreads,
          timerTickMs,
          instanceId,
          sessionTimeoutMs,
          standbyReplicas,
          kafka,
          rest,
          runRetentionMs,
          eventWaitBufferMs);
    }
  }
}
