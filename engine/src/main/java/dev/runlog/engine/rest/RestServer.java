package dev.runlog.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.query.RunView;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.trigger.TriggerEvent;
import io.javalin.Javalin;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's REST API. Every answer is JSON; every refusal is {@code {"error": "..."}} with a 4xx
 * status (5xx only when the engine itself cannot answer now).
 */
public final class RestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
  private final Javalin app;
  private volatile RunQueries queries;
  private final EventSender events;
  private final Clock clock;

  private RestServer(String host, int port, EventSender events, Clock clock) {
    this.events = events;
    this.clock = clock;
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.staticFiles.add(dashboard -> { // the dashboard: engine/src/main/resources/dashboard, served at /
        dashboard.hostedPath = "/";
        dashboard.directory = "/dashboard";
        dashboard.location = Location.CLASSPATH;
      });
    });
    app.post("/api/events", this::postEvent);
    app.get("/api/events/{eventId}/runs", this::eventRuns);
    app.get("/api/runs/{runId}", this::getRun);
    app.post("/api/runs/{runId}/cancel", this::cancel);
    app.get("/api/jobs", this::jobs);
    app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(RunQueries.NotReadyException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
    app.exception(InvalidStateStoreException.class, (e, ctx) -> error(ctx, 503, "the engine is rebalancing, try again: " + e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "internal error: " + e.getMessage());
    });
    app.error(404, ctx -> {
      if (!"application/json".equals(ctx.contentType())) { // not one of our own 404s
        error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path()));
    app.start(host, port);
  }

  /** Starts listening; queries answer 503 until {@link #serve} gives them their stores. */
  public static RestServer start(String host, int port, EventSender events, Clock clock) {
    return new RestServer(host, port, events, clock);
  }

  public void serve(RunQueries runQueries) {
    this.queries = runQueries;
  }

  private RunQueries queries() {
    RunQueries q = queries;
    if (q == null) {
      throw new RunQueries.NotReadyException("the engine is starting");
    }
    return q;
  }

  /** The port it listens on (the one picked when 0 was asked). */
  public int port() {
    return app.port();
  }

  private void postEvent(Context ctx) {
    TriggerEvent event;
    try {
      event = Codecs.TRIGGER_EVENT.decode(ctx.bodyAsBytes(), UUID.randomUUID().toString(), clock.instant());
    } catch (DecodeException e) {
      throw new ApiError(400, "bad event: " + e.getMessage() + "; expected {\"name\": \"...\", \"id\"?: \"...\", \"payload\": {...}, \"context\"?: {...}}");
    }
    events.send(new TriggerEvent(event.id(), event.name(), event.payload(), event.context(), event.timestamp(), event.deliverAt(), "api"));
    json(ctx.status(202), Map.of("id", event.id()));
  }

  private void eventRuns(Context ctx) {
    String eventId = ctx.pathParam("eventId");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", eventId);
    body.put("runs", queries().runsOfEvent(eventId));
    json(ctx, body);
  }

  private void getRun(Context ctx) {
    String runId = ctx.pathParam("runId");
    json(ctx, queries().run(runId).orElseThrow(() -> new ApiError(404, "no run with id " + runId)));
  }

  private void cancel(Context ctx) {
    String runId = ctx.pathParam("runId");
    RunView run = queries().run(runId).orElseThrow(() -> new ApiError(404, "no run with id " + runId));
    if (RunStatus.valueOf(run.status()).isFinal()) {
      throw new ApiError(409, "run " + runId + " is already " + run.status() + ": there is nothing to cancel");
    }
    events.cancel(runId, ctx.queryParam("reason"));
    json(ctx.status(202), Map.of("runId", runId, "status", run.status(), "cancel", "requested"));
  }

  private void jobs(Context ctx) {
    List<Map<String, Object>> jobs = queries().jobs().all().stream().map(j -> {
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("id", j.id());
      job.put("version", j.version());
      job.put("eventName", j.eventName());
      job.put("queue", j.queue());
      job.put("registeredAt", j.registeredAt());
      return job;
    }).toList();
    json(ctx, Map.of("jobs", jobs));
  }

  private static void json(Context ctx, Object body) {
    try {
      ctx.contentType("application/json").result(JsonSerde.MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(Context ctx, int status, String message) {
    json(ctx.status(status), Map.of("error", message));
  }

  @Override
  public void close() {
    app.stop();
  }
}
