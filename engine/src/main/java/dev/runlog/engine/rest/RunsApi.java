package dev.runlog.engine.rest;

import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.query.RunView;
import dev.runlog.engine.run.RunStatus;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The endpoints of one run: read it, its events and logs; cancel it; replay it. */
final class RunsApi {
  private final Supplier<RunQueries> queries;
  private final EventSender events;

  RunsApi(Supplier<RunQueries> queries, EventSender events) {
    this.queries = queries;
    this.events = events;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/runs/{runId}", this::run),
        Route.get("/api/runs/{runId}/events", this::events),
        Route.get("/api/runs/{runId}/logs", this::logs),
        Route.post("/api/runs/{runId}/cancel", this::cancel),
        Route.post("/api/runs/{runId}/replay", this::replay),
        Route.internal("/api/internal/runs/{runId}/events", ctx -> Json.send(ctx, queries.get().events(runId(ctx), true)
            .orElseThrow(() -> notFound(runId(ctx))))),
        Route.internal("/api/internal/runs/{runId}/logs", ctx -> Json.send(ctx, queries.get().logs(runId(ctx), true)
            .orElseThrow(() -> notFound(runId(ctx))))));
  }

  private void run(Context ctx) {
    Json.send(ctx, find(ctx));
  }

  private void events(Context ctx) {
    String runId = runId(ctx);
    Json.send(ctx, body(runId, "events", queries.get().events(runId, Json.forwarded(ctx)).orElseThrow(() -> notFound(runId))));
  }

  private void logs(Context ctx) {
    String runId = runId(ctx);
    Json.send(ctx, body(runId, "logs", queries.get().logs(runId, Json.forwarded(ctx)).orElseThrow(() -> notFound(runId))));
  }

  private void cancel(Context ctx) {
    RunView run = find(ctx);
    if (RunStatus.valueOf(run.status()).isFinal()) {
      throw new ApiError(409, "run " + run.id() + " is already " + run.status() + ": there is nothing to cancel");
    }
    events.cancel(run.id(), ctx.queryParam("reason"));
    Json.send(ctx.status(202), Map.of("runId", run.id(), "status", run.status(), "cancel", "requested"));
  }

  private void replay(Context ctx) {
    RunView run = find(ctx);
    String newRunId = events.replay(run);
    Json.send(ctx.status(202), Map.of("runId", newRunId, "replayOf", run.id()));
  }

  private RunView find(Context ctx) {
    String runId = runId(ctx);
    return queries.get().run(runId, Json.forwarded(ctx)).orElseThrow(() -> notFound(runId));
  }

  private static Map<String, Object> body(String runId, String name, Object value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", runId);
    body.put(name, value);
    return body;
  }

  private static String runId(Context ctx) {
    return ctx.pathParam("runId");
  }

  private static ApiError notFound(String runId) {
    return new ApiError(404, "no run with id " + runId);
  }
}
