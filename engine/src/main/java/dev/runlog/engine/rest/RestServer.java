package dev.runlog.engine.rest;

import dev.runlog.engine.connection.ConnectionCatalog;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.source.SourceCatalog;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.engine.webhook.Webhooks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's REST API and dashboard. Every answer is JSON; every refusal is {@code {"error":
 * "..."}} with a 4xx status, or 503 (with {@code Retry-After}) when the engine cannot answer now:
 * not ready (see {@link Readiness}; a webhook waits for the source definitions only), rebalancing.
 * That holds for the refusals Javalin and Jetty make too (no such endpoint, wrong method, body too
 * large, a request Jetty cannot parse). The endpoints are listed once, in {@link #routes(JobsApi,
 * RunsApi, ListingsApi, ChangesApi, SourcesApi, SchedulesApi, WebhooksApi, ConnectionsApi,
 * HealthApi, Supplier)}, which both registers them and checks the OpenAPI document. With API keys
 * configured every route but the health probes and the webhooks (whose signature is their
 * credential) needs one ({@link Authenticator}); the dashboard's static files need none (they hold
 * no data).
 */
public final class RestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
  static final String OPENAPI = "/api/openapi.json";
  static final String METRICS = "/metrics";

  /** 200 once the engine is ready, 503 before: what probes and {@code runlog health} ask. */
  public static final String HEALTH_READY_PATH = HealthApi.READY;

  private final Javalin app;
  private final List<Route> routes;
  private final RunsApi runs;
  private final ChangesApi changes;
  private final Readiness readiness;
  private final Authenticator authenticator;
  private volatile RunQueries queries;
  private volatile SourceCatalog sources;
  private volatile ConnectionCatalog connections;
  private final Webhooks webhooks;

  private RestServer(
      RestSettings settings,
      int port,
      EventSender events,
      Supplier<String> metrics,
      Clock clock,
      RunWatch watch,
      Readiness readiness,
      SourceStatuses sourceStatuses) {
    this.readiness = readiness;
    this.authenticator = new Authenticator(settings.keys(), settings.metricsOpen());
    this.runs = new RunsApi(this::queries, events, watch);
    this.changes = new ChangesApi(() -> queries, watch);
    this.webhooks =
        new Webhooks(
            id -> caughtUpCatalog().get(id),
            sourceStatuses,
            settings.webhookSecrets(),
            events::send,
            clock);
    this.routes =
        routes(
            new JobsApi(
                this::queries,
                events,
                clock,
                watch,
                runs.longPoll(),
                new ImmediateStarts(
                    this::queries,
                    key -> connections != null && connections.exists(key),
                    clock,
                    events,
                    watch.triggers())),
            runs,
            new ListingsApi(this::queries),
            changes,
            new SourcesApi(() -> sources, sourceStatuses, events, clock),
            new SchedulesApi(this::queries, () -> sources, sourceStatuses, events, clock),
            new WebhooksApi(webhooks),
            new ConnectionsApi(
                () -> connections, () -> queries, events, settings.connectionsKey(), clock),
            new HealthApi(readiness),
            metrics);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = Requests.MAX_BODY_BYTES;
              config.http.prefer405over404 =
                  true; // a known path asked with another method: 405 and Allow, not 404
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              // the one listener, HTTPS only when there is a keystore (Javalin adds its own plain
              // one only when none is given)
              config.jetty.addConnector(
                  (server, http) -> Https.connector(server, http, settings, port));
              config.staticFiles.add(
                  dashboard -> { // the dashboard: engine/src/main/resources/dashboard, served at /
                    dashboard.hostedPath = "/";
                    dashboard.directory = "/dashboard";
                    dashboard.location = Location.CLASSPATH;
                  });
            });
    for (Route route : routes) {
      app.addHttpHandler(route.method(), route.path(), guarded(route));
    }
    app.before(this::headNeedsTheKeyOfGet);
    app.exception(ApiError.class, (e, ctx) -> Json.error(ctx, e.status(), e.getMessage()));
    app.exception(
        RunQueries.NotReadyException.class, (e, ctx) -> Json.error(ctx, 503, e.getMessage()));
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) ->
            Json.error(ctx, 503, "the engine is rebalancing, try again: " + e.getMessage()));
    app.exception(HttpResponseException.class, RestServer::javalinRefusal);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          Json.error(ctx, 500, "internal error: " + e.getMessage());
        });
    app.start();
  }

  /**
   * Starts listening on {@code settings}' address, over HTTPS when it has a keystore, with the API
   * keys it has (none: no key asked); queries answer 503 until {@link #serve} gives them their
   * stores, and every {@code /api} route answers 503 while {@code readiness} gives a reason.
   */
  public static RestServer start(
      RestSettings settings,
      int port,
      EventSender events,
      Supplier<String> metrics,
      Clock clock,
      RunWatch watch,
      Readiness readiness,
      SourceStatuses sourceStatuses) {
    return new RestServer(settings, port, events, metrics, clock, watch, readiness, sourceStatuses);
  }

  public void serve(RunQueries runQueries) {
    this.queries = runQueries;
  }

  /** Gives the sources endpoints their catalog; they answer 503 until then. */
  public void serve(SourceCatalog catalog) {
    this.sources = catalog;
    catalog.addListener(webhooks); // webhook sources run here: their statuses are kept here
  }

  /** Gives the connections endpoints their catalog; they answer 503 until then. */
  public void serve(ConnectionCatalog catalog) {
    this.connections = catalog;
  }

  /** The port it listens on (the one picked when 0 was asked). */
  public int port() {
    return app.port();
  }

  /** Every endpoint, public and internal. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * The one list of endpoints: what the server registers and what the OpenAPI document must list.
   */
  static List<Route> routes(
      JobsApi jobs,
      RunsApi runs,
      ListingsApi listings,
      ChangesApi changes,
      SourcesApi sources,
      SchedulesApi schedules,
      WebhooksApi webhooks,
      ConnectionsApi connections,
      HealthApi health,
      Supplier<String> metrics) {
    List<Route> all = new ArrayList<>();
    all.addAll(jobs.routes());
    all.addAll(runs.routes());
    all.addAll(listings.routes());
    all.addAll(changes.routes());
    all.addAll(sources.routes());
    all.addAll(schedules.routes());
    all.addAll(webhooks.routes());
    all.addAll(connections.routes());
    all.add(Route.get(OPENAPI, ctx -> ctx.contentType("application/json").result(openApi())));
    all.addAll(health.routes());
    all.add(
        Route.metrics(
            METRICS,
            ctx ->
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get())));
    return all;
  }

  /**
   * What Javalin itself has registered, "METHOD path" each: every way in, whichever code added it.
   */
  List<String> registeredEndpoints() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .filter(
            e -> e.getEndpoint().getMethod().isHttpMethod()) // not the before and after handlers
        .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath())
        .toList();
  }

  /**
   * The checks every route makes before its own work: the API key first (a caller without one
   * learns nothing else), then a body must be JSON and within the size limit (refusals that no
   * retry will change come first), and {@code /api} waits for readiness. A webhook's body may be a
   * form too: it checks its media type itself, after the signature.
   */
  private Handler guarded(Route route) {
    boolean body = Requests.carriesBody(route.method().name());
    boolean json = route.access() != Route.Access.SIGNED;
    // A webhook waits for the source definitions only (caughtUpCatalog()), not for the rest of
    // the engine: its event is durable on Kafka and runs once the engine is up, while a 503 would
    // lose it with the senders that do not retry (GitHub redelivers only when asked by hand).
    boolean api = route.path().startsWith("/api/") && route.access() != Route.Access.SIGNED;
    return ctx -> {
      authenticator.check(ctx, route);
      if (body) {
        if (json) {
          Requests.requireJson(ctx);
        }
        Requests.requireSize(ctx);
      }
      if (api) {
        readiness
            .notReadyReason()
            .ifPresent(
                reason -> {
                  throw new ApiError(503, "the engine is not ready: " + reason);
                });
      }
      route.handler().handle(ctx);
    };
  }

  /**
   * Javalin answers a HEAD of any GET route itself, 200 without calling it: no data, but it should
   * not answer a caller without a key either.
   */
  private void headNeedsTheKeyOfGet(Context ctx) {
    if (ctx.method() != HandlerType.HEAD) {
      return;
    }
    app.unsafeConfig()
        .pvt
        .internalRouter
        .findHttpHandlerEntries(HandlerType.GET, ctx.path())
        .findFirst()
        .flatMap(
            get ->
                routes.stream()
                    .filter(
                        r ->
                            r.method() == HandlerType.GET
                                && r.path().equals(get.getEndpoint().getPath()))
                    .findFirst())
        .ifPresent(route -> authenticator.check(ctx, route));
  }

  /**
   * Javalin's own refusals (no such endpoint, wrong method, body too large) in the API's error
   * shape.
   */
  private static void javalinRefusal(HttpResponseException e, Context ctx) {
    String request = ctx.method() + " " + ctx.path();
    switch (e.getStatus()) {
      case 404 -> Json.error(ctx, 404, "no such endpoint: " + request);
      case 405 -> {
        // Javalin names the methods the path has, under a key that depends on whether the client
        // accepts HTML
        String allowed =
            e.getDetails()
                .getOrDefault(
                    "availableMethods", e.getDetails().getOrDefault("Available methods", ""));
        ctx.header("Allow", allowed);
        Json.error(
            ctx,
            405,
            "method not allowed: " + request + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
      }
      case 413 ->
          Json.error(
              ctx,
              413,
              "the request body is over the limit of " + Requests.MAX_BODY_BYTES + " bytes");
      default -> Json.error(ctx, e.getStatus(), e.getMessage());
    }
  }

  private SourceCatalog sourceCatalog() {
    SourceCatalog c = sources;
    if (c == null) {
      throw new ApiError(503, "the engine is starting");
    }
    return c;
  }

  /** The catalog once it has read every definition: a source defined before the start exists. */
  private SourceCatalog caughtUpCatalog() {
    SourceCatalog c = sourceCatalog();
    if (!c.caughtUp()) {
      throw new ApiError(503, "the engine is not ready: reading the source definitions");
    }
    return c;
  }

  private RunQueries queries() {
    RunQueries q = queries;
    if (q == null) {
      throw new RunQueries.NotReadyException("the engine is starting");
    }
    return q;
  }

  static String openApi() {
    try (InputStream in = RestServer.class.getResourceAsStream("/openapi.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    changes.close();
    app.stop();
    runs.close();
  }
}
