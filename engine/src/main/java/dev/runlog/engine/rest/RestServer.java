package dev.runlog.engine.rest;

import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.query.RunWatch;
import io.javalin.Javalin;
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
 * The engine's REST API and dashboard. Every answer is JSON; every refusal is {@code {"error": "..."}}
 * with a 4xx status (503 when the engine cannot answer now: starting, rebalancing). The endpoints
 * are listed once, in {@link #routes()}, which both registers them and checks the OpenAPI document.
 */
public final class RestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
  static final String OPENAPI = "/api/openapi.json";
  private final Javalin app;
  private final List<Route> routes;
  private final RunsApi runs;
  private volatile RunQueries queries;

  private RestServer(String host, int port, EventSender events, Supplier<String> metrics, Clock clock, RunWatch watch) {
    this.routes = new ArrayList<>();
    this.runs = new RunsApi(this::queries, events, watch);
    routes.addAll(new JobsApi(this::queries, events, clock).routes());
    routes.addAll(runs.routes());
    routes.add(Route.get(OPENAPI, ctx -> ctx.contentType("application/json").result(openApi())));
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.staticFiles.add(dashboard -> { // the dashboard: engine/src/main/resources/dashboard, served at /
        dashboard.hostedPath = "/";
        dashboard.directory = "/dashboard";
        dashboard.location = Location.CLASSPATH;
      });
    });
    for (Route route : routes) {
      app.addHttpHandler(route.method(), route.path(), route.handler());
    }
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
    app.exception(ApiError.class, (e, ctx) -> Json.error(ctx, e.status(), e.getMessage()));
    app.exception(RunQueries.NotReadyException.class, (e, ctx) -> Json.error(ctx, 503, e.getMessage()));
    app.exception(InvalidStateStoreException.class, (e, ctx) -> Json.error(ctx, 503, "the engine is rebalancing, try again: " + e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      Json.error(ctx, 500, "internal error: " + e.getMessage());
    });
    app.error(404, ctx -> {
      if (!"application/json".equals(ctx.contentType())) { // not one of our own 404s
        Json.error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> Json.error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path()));
    app.start(host, port);
  }

  /** Starts listening; queries answer 503 until {@link #serve} gives them their stores. */
  public static RestServer start(String host, int port, EventSender events, Supplier<String> metrics, Clock clock, RunWatch watch) {
    return new RestServer(host, port, events, metrics, clock, watch);
  }

  public void serve(RunQueries runQueries) {
    this.queries = runQueries;
  }

  /** The port it listens on (the one picked when 0 was asked). */
  public int port() {
    return app.port();
  }

  /** Every endpoint, public and internal. */
  public List<Route> routes() {
    return List.copyOf(routes);
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
    app.stop();
    runs.close();
  }
}
