package dev.runlog.engine.rest;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.InvalidCredentialsException;
import dev.runlog.engine.connection.ConnectionCatalog;
import dev.runlog.engine.connection.ConnectionInfo;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.protocol.connection.Connection;
import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.job.JobDefinition;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Managed connections: the credentials of the integrations jobs declare with {@code Auth.managed()}
 * (one connection) or {@code Auth.perAccount()} (one per account). A PUT seals the credentials with
 * the engine's {@code connections.key} and writes them to the compacted connections topic; no
 * answer ever holds a secret, nor does an error message. A write answers once this instance's
 * catalog has read it back, so that the runs waiting for it start.
 */
final class ConnectionsApi {
  static final String EXPECTED =
      "{\"type\":\"bearer\",\"token\":\"...\"}, {\"type\":\"basic\",\"username\":\"...\","
          + "\"password\":\"...\"} or {\"type\":\"api-key\",\"header\":\"X-Api-Key\",\"value\":\"...\"}";
  private static final Duration SEEN = Duration.ofSeconds(10);
  private static final int MAX_ACCOUNT_LENGTH = 200;

  private final Supplier<ConnectionCatalog> catalog;
  private final Supplier<RunQueries> queries;
  private final EventSender events;
  private final Optional<ConnectionCipher> cipher;
  private final Clock clock;

  ConnectionsApi(
      Supplier<ConnectionCatalog> catalog,
      Supplier<RunQueries> queries,
      EventSender events,
      Optional<ConnectionCipher> cipher,
      Clock clock) {
    this.catalog = catalog;
    this.queries = queries;
    this.events = events;
    this.cipher = cipher;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/connections", this::list),
        Route.get("/api/connections/{integration}", ctx -> Json.send(ctx, view(existing(ctx)))),
        Route.get(
            "/api/connections/{integration}/{accountId}",
            ctx -> Json.send(ctx, view(existing(ctx)))),
        Route.put("/api/connections/{integration}", this::put),
        Route.put("/api/connections/{integration}/{accountId}", this::put),
        Route.delete("/api/connections/{integration}", this::delete),
        Route.delete("/api/connections/{integration}/{accountId}", this::delete),
        Route.internal(
            "/api/internal/connection-waits",
            ctx -> Json.send(ctx, queries().connectionWaits(true))));
  }

  private void list(Context ctx) {
    Map<String, List<Declaration>> declared = declared();
    Map<String, Long> waits = waits();
    ConnectionCatalog catalog = catalog();
    List<Map<String, Object>> connections =
        catalog.all().stream().map(info -> view(info, declared, waits)).toList();
    List<Map<String, Object>> missing = new ArrayList<>();
    if (waits != null) {
      waits.forEach(
          (key, runs) -> {
            if (!catalog.exists(key)) {
              Map<String, Object> view = new LinkedHashMap<>();
              view.put("key", key);
              view.put("waitingRuns", runs);
              missing.add(view);
            }
          });
    }
    List<Map<String, Object>> integrations = new ArrayList<>();
    declared.forEach(
        (name, declarations) -> {
          Map<String, Object> view = new LinkedHashMap<>();
          view.put("integration", name);
          view.put("kind", declarations.get(0).use().kind());
          view.put(
              "auth", declarations.stream().map(d -> d.use().auth()).distinct().sorted().toList());
          view.put("jobs", declarations.stream().map(Declaration::jobId).distinct().toList());
          integrations.add(view);
        });
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("connections", connections);
    answer.put("missing", missing);
    answer.put("integrations", integrations);
    Json.send(ctx, answer);
  }

  private void put(Context ctx) {
    // without a key nothing else matters: no connection can be stored here
    ConnectionCipher key =
        cipher.orElseThrow(
            () ->
                new ApiError(
                    409,
                    "this engine has no connections.key, so it cannot seal a connection: set"
                        + " connections.key (RUNLOG_CONNECTIONS_KEY) to the base64 AES key the"
                        + " workers have, and restart it"));
    String integration = ctx.pathParam("integration");
    String accountId = accountId(ctx);
    List<Declaration> declarations = declared().get(integration);
    if (declarations == null) {
      throw new ApiError(
          404,
          "no registered job declares a managed integration '"
              + integration
              + "': declare it with Job.integration(\""
              + integration
              + "\", ..., Auth.managed()) or Auth.perAccount(), and start its worker first");
    }
    String wanted = accountId == null ? IntegrationUse.MANAGED : IntegrationUse.PER_ACCOUNT;
    if (declarations.stream().noneMatch(d -> d.use().auth().equals(wanted))) {
      Declaration d = declarations.get(0);
      throw new ApiError(
          400,
          accountId == null
              ? "integration '"
                  + integration
                  + "' takes one connection per account (job "
                  + d.jobId()
                  + " declares it Auth.perAccount()): PUT /api/connections/"
                  + integration
                  + "/{accountId}"
              : "integration '"
                  + integration
                  + "' takes one connection for every run (job "
                  + d.jobId()
                  + " declares it Auth.managed()), not one per account: PUT /api/connections/"
                  + integration);
    }
    Credentials credentials;
    try {
      credentials = Credentials.parse(new String(Requests.body(ctx), StandardCharsets.UTF_8));
    } catch (InvalidCredentialsException e) { // its message never holds the secret
      throw new ApiError(400, "bad credentials: " + e.getMessage() + "; expected " + EXPECTED);
    }
    ConnectionCatalog connections = catalog();
    boolean created = connections.get(Connection.key(integration, accountId)).isEmpty();
    Connection sealed = key.seal(integration, accountId, credentials, clock.instant());
    written(connections, events.putConnection(sealed));
    ctx.status(created ? 201 : 200);
    Json.send(ctx, view(ConnectionInfo.of(sealed)));
  }

  private void delete(Context ctx) {
    ConnectionInfo info = existing(ctx);
    ConnectionCatalog connections = catalog();
    written(connections, events.deleteConnection(info.key()));
    Json.send(ctx, Map.of("deleted", info.key()));
  }

  private ConnectionInfo existing(Context ctx) {
    String key = Connection.key(ctx.pathParam("integration"), accountId(ctx));
    return catalog().get(key).orElseThrow(() -> new ApiError(404, "no such connection: " + key));
  }

  /** The path's account, null when it names none; refused when no account could be one. */
  private static String accountId(Context ctx) {
    String accountId = ctx.pathParamMap().get("accountId");
    if (accountId == null) {
      return null;
    }
    if (accountId.isEmpty()
        || accountId.length() > MAX_ACCOUNT_LENGTH
        || accountId.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/')) {
      throw new ApiError(
          400,
          "an account id is 1 to "
              + MAX_ACCOUNT_LENGTH
              + " characters, without '/' or control characters");
    }
    return accountId;
  }

  private Map<String, Object> view(ConnectionInfo info) {
    return view(info, declared(), waits());
  }

  private Map<String, Object> view(
      ConnectionInfo info, Map<String, List<Declaration>> declared, Map<String, Long> waits) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("key", info.key());
    view.put("integration", info.integration());
    view.put("accountId", info.accountId());
    view.put("type", info.type());
    view.put("updatedAt", info.updatedAt());
    String wanted = info.accountId() == null ? IntegrationUse.MANAGED : IntegrationUse.PER_ACCOUNT;
    view.put(
        "jobs",
        declared.getOrDefault(info.integration(), List.of()).stream()
            .filter(d -> d.use().auth().equals(wanted))
            .map(Declaration::jobId)
            .distinct()
            .toList());
    if (waits != null) {
      view.put("waitingRuns", waits.getOrDefault(info.key(), 0L));
    }
    // whether workers with the key this engine has can open it (null: this engine has none)
    view.put("currentKey", cipher.map(c -> c.keyId().equals(info.keyId())).orElse(null));
    return view;
  }

  /**
   * How many runs wait for each connection, over every instance; null while the stores cannot say
   * (a rebalance): the connections are shown without it.
   */
  private Map<String, Long> waits() {
    try {
      return queries().connectionWaits(false);
    } catch (RunQueries.NotReadyException e) {
      return null;
    }
  }

  /** A job's declaration of a managed integration. */
  private record Declaration(String jobId, IntegrationUse use) {}

  /** The managed integrations the registered jobs declare, by name, each with its declarations. */
  private Map<String, List<Declaration>> declared() {
    Map<String, List<Declaration>> declared = new TreeMap<>();
    for (JobDefinition job : queries().jobs().all()) {
      for (IntegrationUse use : job.integrations()) {
        if (use.managed()) {
          declared
              .computeIfAbsent(use.name(), n -> new ArrayList<>())
              .add(new Declaration(job.id(), use));
        }
      }
    }
    return declared;
  }

  private RunQueries queries() {
    RunQueries q = queries.get();
    if (q == null) {
      throw new RunQueries.NotReadyException("the engine is starting");
    }
    return q;
  }

  /** This instance's catalog; 503 while the engine starts. */
  private ConnectionCatalog catalog() {
    ConnectionCatalog c = catalog.get();
    if (c == null) {
      throw new ApiError(503, "the engine is starting");
    }
    return c;
  }

  private static void written(ConnectionCatalog catalog, RecordMetadata at) {
    if (!catalog.awaitSeen(at.partition(), at.offset(), SEEN)) {
      throw new ApiError(
          503, "written, but this engine has not read it back within " + SEEN.toSeconds() + " s");
    }
  }
}
