package dev.runlog.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>Used by {@code runlog dev} and by the integration tests, so that both talk to the same broker
 * code as production rather than to a mock: transactions, compaction and consumer groups behave for
 * real. The data lives in {@link #dataDir()}; starting again on the same directory keeps the topics
 * and records. Closing never deletes the directory.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** A fresh directory gets this node id; a reused one keeps the id it was formatted with. */
  private static final int DEFAULT_NODE_ID = 1;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;
  // Bind to loopback only: a dev broker must not be reachable from other machines.
  private static final String BIND_HOST = "127.0.0.1";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int port;
  private final Optional<SaslPlain> sasl;
  private boolean closed;

  /**
   * The client listener asks for SASL/PLAIN (security protocol SASL_PLAINTEXT) and knows these
   * users, name to password; the broker authenticates to itself as the first one. The controller
   * listener stays plaintext on loopback. For tests of clients that authenticate: PLAIN over
   * plaintext sends passwords in clear, so it is never a production setup.
   */
  public record SaslPlain(Map<String, String> users) {
    public SaslPlain {
      users =
          Collections.unmodifiableMap(
              new LinkedHashMap<>(users)); // ordered: the first user is the broker's own
      if (users.isEmpty()) {
        throw new IllegalArgumentException("SASL needs at least one user");
      }
    }

    /** The Kafka client properties that log in as {@code user} with {@code password}. */
    public static Map<String, String> clientProperties(String user, String password) {
      return Map.of(
          "security.protocol",
          "SASL_PLAINTEXT",
          "sasl.mechanism",
          "PLAIN",
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + user
              + "\" password=\""
              + password
              + "\";");
    }

    private Map.Entry<String, String> broker() {
      return users.entrySet().iterator().next();
    }

    private String jaas() {
      StringBuilder jaas =
          new StringBuilder(
                  "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"")
              .append(broker().getKey())
              .append("\" password=\"")
              .append(broker().getValue())
              .append('"');
      users.forEach(
          (user, password) ->
              jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
      return jaas.append(';').toString();
    }
  }

  private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port, Optional<SaslPlain> sasl) {
    this.server = server;
    this.dataDir = dataDir;
    this.port = port;
    this.sasl = sasl;
  }

  /** Starts a broker on {@code dataDir}; {@code port} 0 picks a free port. */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /**
   * Starts a broker on {@code dataDir} and returns once it answers clients.
   *
   * @param dataDir the log directory; formatted if it holds no {@code meta.properties}, reused
   *     (same cluster id and node id) if it does
   * @param port the client port on localhost, or 0 for a free one
   * @param overrides broker properties applied last, over the defaults chosen here
   */
  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    return start(dataDir, port, overrides, Optional.empty());
  }

  /**
   * Starts a broker whose client listener asks for SASL/PLAIN as {@code sasl} says; clients need
   * {@link SaslPlain#clientProperties}.
   */
  public static EmbeddedKafka startWithSasl(Path dataDir, int port, SaslPlain sasl) {
    return start(dataDir, port, Map.of(), Optional.of(sasl));
  }

  private static EmbeddedKafka start(
      Path dataDir, int port, Map<String, String> overrides, Optional<SaslPlain> sasl) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(overrides, "overrides");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Path dir = dataDir.toAbsolutePath();
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(dir, port, overrides, sasl);
      } catch (RuntimeException e) {
        // A port that freePort() found free can be taken by another process before the
        // broker binds it. Picking fresh ports fixes that; any other failure is final.
        if (attempt >= START_ATTEMPTS || !causedByBindFailure(e)) {
          throw e;
        }
      }
    }
  }

  private static EmbeddedKafka startOnce(
      Path dir, int port, Map<String, String> overrides, Optional<SaslPlain> sasl) {
    int clientPort = port == 0 ? freePort() : port;
    // The static quorum needs the controller's address before the server starts, so a
    // listener port of 0 (resolved only at bind time) cannot be used for the controller.
    int controllerPort = freePort();
    String where = "localhost:" + clientPort + " (data in " + dir + ")";
    KafkaRaftServer server;
    try {
      Files.createDirectories(dir);
      int nodeId = formatIfNew(dir);
      Map<String, String> props = brokerProperties(dir, nodeId, clientPort, controllerPort);
      sasl.ifPresent(users -> props.putAll(saslProperties(users, clientPort, controllerPort)));
      props.putAll(overrides);
      server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka on " + where, e);
    }

    EmbeddedKafka kafka = new EmbeddedKafka(server, dir, clientPort, sasl);
    try {
      server.startup();
      kafka.awaitReady();
      return kafka;
    } catch (InterruptedException e) {
      kafka.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka on " + where, e);
    } catch (RuntimeException e) {
      // A half-started server holds threads, sockets and the log dir lock: release them.
      kafka.close();
      throw new IllegalStateException("cannot start Kafka on " + where, e);
    }
  }

  private static boolean causedByBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** The address clients use, e.g. {@code localhost:9092}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Shuts the broker down cleanly (so the next start needs no log recovery). Keeps the data. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }

  /**
   * The client listener as SASL_PLAINTEXT with PLAIN, its users in the listener's JAAS config; the
   * broker's own calls use it too.
   */
  private static Map<String, String> saslProperties(
      SaslPlain sasl, int clientPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    String listener = "SASL_PLAINTEXT";
    putListeners(p, listener, listener, clientPort, controllerPort);
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", sasl.jaas());
    return p;
  }

  /**
   * The client listener {@code name} ({@code protocol}) and the controller's, both on {@link
   * #BIND_HOST}.
   */
  private static void putListeners(
      Map<String, String> p, String name, String protocol, int clientPort, int controllerPort) {
    p.put(
        "listeners",
        name
            + "://"
            + BIND_HOST
            + ":"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + BIND_HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", name + "://localhost:" + clientPort);
    p.put(
        "listener.security.protocol.map",
        name + ":" + protocol + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", name);
  }

  private static Map<String, String> brokerProperties(
      Path dir, int nodeId, int clientPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    // A static quorum (kraft.version 0): the voter set comes from this setting on every
    // start, so the controller may get a different port after a restart.
    p.put("controller.quorum.voters", nodeId + "@" + BIND_HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    putListeners(p, CLIENT_LISTENER, "PLAINTEXT", clientPort, controllerPort);
    p.put("log.dirs", dir.toString());

    // One node: every internal topic must be satisfiable with a single replica, or
    // consumer groups, transactions (exactly-once) and share groups fail.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    // The default delays every first group join by 3 s.
    p.put("group.initial.rebalance.delay.ms", "0");
    // A broker restarted after a kill -9 waits for its old registration to expire before the
    // controller unfences it: 9 s by default, for a node that is its own controller. 4 s: a
    // runlog dev killed and restarted was ready in 14 s instead of 22 (2 s would risk fencing a
    // node whose JVM stalls that long on a starved machine).
    p.put("broker.session.timeout.ms", "4000");
    p.put("broker.heartbeat.interval.ms", "1000");
    // runlog creates its topics explicitly; a typo must fail rather than create a topic.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");

    // Cheap on a 2-core machine: the defaults are sized for a production server.
    p.put("num.network.threads", "1");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Long.toString(16L * 1024 * 1024));
    // Internal topics default to 50 partitions each; creating them on first use costs seconds.
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    return p;
  }

  /**
   * Formats {@code dir} with a new cluster id unless it already holds a formatted log dir, and
   * returns its node id. A formatted dir is left as it is: the broker then reads its cluster id
   * from meta.properties, and must start with the node id stored there or it refuses the dir.
   */
  private static int formatIfNew(Path dir) throws IOException {
    Path metaFile = dir.resolve("meta.properties");
    if (Files.exists(metaFile)) {
      Properties meta = new Properties();
      try (InputStream in = Files.newInputStream(metaFile)) {
        meta.load(in);
      }
      String clusterId = meta.getProperty("cluster.id");
      String nodeId = meta.getProperty("node.id");
      if (clusterId == null || nodeId == null) {
        throw new IllegalStateException(metaFile + " lacks cluster.id or node.id");
      }
      return Integer.parseInt(nodeId.trim());
    }
    String clusterId = Uuid.randomUuid().toString();
    Formatter formatter =
        new Formatter()
            // The formatter prints its progress to System.out by default.
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setClusterId(clusterId)
            .setNodeId(DEFAULT_NODE_ID)
            .addDirectory(dir.toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setMetadataLogDirectory(dir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
    try {
      formatter.run();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot format " + dir, e);
    }
    return DEFAULT_NODE_ID;
  }

  /** Waits, with a deadline, until the broker serves a metadata request on the client port. */
  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    sasl.ifPresent(
        users ->
            config.putAll(
                SaslPlain.clientProperties(users.broker().getKey(), users.broker().getValue())));
    try (Admin admin = Admin.create(config)) {
      Exception last = null;
      while (true) {
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
              .nodes()
              .get(10, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e; // not serving yet
        }
        if (System.nanoTime() >= deadline) {
          throw new IllegalStateException(
              "Kafka on " + bootstrapServers() + " not ready within " + READY_TIMEOUT, last);
        }
        // A short back-off between polls so that a fast failure does not spin.
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  /**
   * Asks the OS for a free loopback port. Another process could take it before the broker binds it;
   * the window is short, and {@link #start} then retries with fresh ports.
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(BIND_HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + BIND_HOST, e);
    }
  }
}
