package dev.runlog.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import dev.runlog.connectors.source.SourceSpecs;
import dev.runlog.engine.source.SourceCatalog;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sources at runtime: define, change, pause, resume and delete them with no engine restart. A write
 * answers once this instance's catalog has read it back, so that what the caller does next here (a
 * webhook, a GET) sees it.
 */
final class SourcesApi {
  static final String EXPECTED =
      "{\"kind\": \"kafka|webhook|schedule\", \"paused\"?: false, \"spec\": {...}}";
  private final SourceWriter writer;
  private final SourceStatuses statuses;
  private final Clock clock;

  SourcesApi(
      Supplier<SourceCatalog> catalog, SourceStatuses statuses, EventSender events, Clock clock) {
    this.writer = new SourceWriter(catalog, statuses, events);
    this.statuses = statuses;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/sources", ctx -> Json.send(ctx, Map.of("sources", all()))),
        Route.get("/api/sources/{id}", ctx -> Json.send(ctx, view(existing(ctx)))),
        Route.put("/api/sources/{id}", this::put),
        Route.delete("/api/sources/{id}", this::delete),
        Route.post("/api/sources/{id}/pause", ctx -> pause(ctx, true)),
        Route.post("/api/sources/{id}/resume", ctx -> pause(ctx, false)));
  }

  private List<Map<String, Object>> all() {
    return writer.catalog().all().stream().map(this::view).toList();
  }

  private void put(Context ctx) {
    String id = ctx.pathParam("id");
    if (!id.matches(SourceWriter.ID)) {
      throw new ApiError(
          400, "a source id is 1 to 200 letters, digits, '.', '_' or '-', not " + id);
    }
    JsonNode body = Requests.jsonObject(ctx, "source", EXPECTED);
    SourceKind kind;
    try {
      kind = SourceKind.parse(body.path("kind").asText(null));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad source: " + e.getMessage() + "; expected " + EXPECTED);
    }
    JsonNode spec = body.get("spec");
    try {
      SourceSpecs.parse(kind, spec);
    } catch (InvalidSourceException e) {
      throw new ApiError(400, "bad " + kind.text() + " source " + id + ": " + e.getMessage());
    }
    JsonNode paused = body.path("paused");
    if (!paused.isMissingNode() && !paused.isBoolean()) {
      throw new ApiError(400, "bad source: \"paused\" must be true or false");
    }
    boolean created = writer.catalog().get(id).isEmpty();
    SourceDefinition def =
        new SourceDefinition(id, kind, paused.asBoolean(false), spec.toString(), clock.instant());
    writer.put(def);
    ctx.status(created ? 201 : 200);
    Json.send(ctx, view(def));
  }

  private void delete(Context ctx) {
    SourceDefinition def = existing(ctx);
    writer.delete(def);
    Json.send(ctx, Map.of("deleted", def.id()));
  }

  private void pause(Context ctx, boolean paused) {
    Json.send(ctx, view(writer.pause(existing(ctx), paused)));
  }

  private SourceDefinition existing(Context ctx) {
    String id = ctx.pathParam("id");
    return writer.catalog().get(id).orElseThrow(() -> new ApiError(404, "no such source: " + id));
  }

  private Map<String, Object> view(SourceDefinition def) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", def.id());
    view.put("kind", def.kind().text());
    view.put("paused", def.paused());
    view.put("spec", readTree(def.spec()));
    view.put("updatedAt", def.updatedAt());
    statuses
        .get(def.id())
        .ifPresentOrElse(
            s -> {
              view.put("state", s.state().name());
              view.put("reason", s.reason());
              view.put("since", s.since());
              view.put("lag", s.lag());
              view.put("counters", s.counters());
            },
            () -> view.put("state", def.paused() ? "PAUSED" : "STARTING"));
    return view;
  }

  private static JsonNode readTree(String json) {
    try {
      return JsonSerde.MAPPER.readTree(json);
    } catch (IOException e) {
      return JsonSerde.MAPPER.getNodeFactory().textNode(json);
    }
  }
}
