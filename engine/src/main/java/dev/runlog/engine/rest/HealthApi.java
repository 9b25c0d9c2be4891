package dev.runlog.engine.rest;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Probes for an orchestrator: live while the process serves HTTP and can still get ready (an engine
 * whose Kafka Streams failed cannot: restart it), ready when {@link Readiness} says so. They sit
 * outside {@code /api} so that they answer while the API itself refuses, and they need no API key:
 * an orchestrator's probe has none, and they tell nothing but "live" and why not ready.
 */
final class HealthApi {
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  private final Readiness readiness;

  HealthApi(Readiness readiness) {
    this.readiness = readiness;
  }

  List<Route> routes() {
    return List.of(Route.open(LIVE, this::live), Route.open(READY, this::ready));
  }

  private void live(Context ctx) {
    Optional<String> dead = readiness.deadReason();
    if (dead.isEmpty()) {
      Json.send(ctx, Map.of("status", "live"));
      return;
    }
    Json.send(ctx.status(503), Map.of("status", "dead", "reason", dead.get()));
  }

  private void ready(Context ctx) {
    Optional<String> reason = readiness.notReadyReason();
    if (reason.isEmpty()) {
      Json.send(ctx, Map.of("status", "ready"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "not ready");
    body.put("reason", reason.get());
    Json.send(ctx.status(503).header(Json.RETRY_AFTER, "1"), body);
  }
}
