package dev.runlog.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.connectors.schedule.ScheduleSpec;
import dev.runlog.connectors.source.InvalidSourceException;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.schedule.ScheduleState;
import dev.runlog.engine.schedule.ScheduleView;
import dev.runlog.engine.source.SourceCatalog;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Schedules at runtime, like Trigger.dev's dynamic schedules: create one, list them with their next
 * tick and last fired, pause, resume and delete. A schedule is a source of kind {@code schedule}
 * ({@code /api/sources} shows it too); this API reads its timer from the engines' {@code schedules}
 * stores. A write answers once this instance's catalog has read it back.
 */
final class SchedulesApi {
  static final String EXPECTED =
      "{\"id\": \"nightly\", \"cron\": \"0 2 * * *\", \"timezone\"?: \"Europe/Berlin\" | \"interval\":"
          + " \"PT30S\" | \"intervalSeconds\": 30, \"job\": \"<job id>\" | \"event\": \"<event"
          + " name>\", \"payload\"?: {...}, \"catchUp\"?: \"skip\"|\"once\", \"paused\"?: false}";
  private final Supplier<RunQueries> queries;
  private final SourceWriter writer;
  private final Clock clock;

  SchedulesApi(
      Supplier<RunQueries> queries,
      Supplier<SourceCatalog> catalog,
      SourceStatuses statuses,
      EventSender events,
      Clock clock) {
    this.queries = queries;
    this.writer = new SourceWriter(catalog, statuses, events);
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.post("/api/schedules", this::create),
        Route.get("/api/schedules", ctx -> Json.send(ctx, Map.of("schedules", all()))),
        Route.get("/api/schedules/{id}", ctx -> Json.send(ctx, one(existing(ctx)))),
        Route.delete("/api/schedules/{id}", this::delete),
        Route.post("/api/schedules/{id}/pause", ctx -> pause(ctx, true)),
        Route.post("/api/schedules/{id}/resume", ctx -> pause(ctx, false)),
        Route.internal(
            "/api/internal/schedules",
            ctx -> Json.send(ctx, Map.of("schedules", queries().schedules().all(true)))));
  }

  private List<ObjectNode> all() {
    Map<String, ScheduleState> states =
        queries().schedules().all(false).stream()
            .collect(Collectors.toMap(ScheduleState::id, Function.identity(), (a, b) -> a));
    Instant now = clock.instant();
    return writer.catalog().all().stream()
        .filter(def -> def.kind() == SourceKind.SCHEDULE)
        .map(def -> ScheduleView.of(def, states.get(def.id()), now))
        .toList();
  }

  private ObjectNode one(SourceDefinition def) {
    ScheduleState state =
        queries().schedules().all(false).stream()
            .filter(s -> s.id().equals(def.id()))
            .findFirst()
            .orElse(null);
    return ScheduleView.of(def, state, clock.instant());
  }

  private void create(Context ctx) {
    JsonNode body = Requests.jsonObject(ctx, "schedule", EXPECTED);
    String id = body.path("id").asText("");
    if (!id.matches(SourceWriter.ID)) {
      throw new ApiError(
          400,
          "bad schedule: \"id\" is 1 to 200 letters, digits, '.', '_' or '-', not \""
              + id
              + "\"; expected "
              + EXPECTED);
    }
    JsonNode paused = body.path("paused");
    if (!paused.isMissingNode() && !paused.isBoolean()) {
      throw new ApiError(400, "bad schedule " + id + ": \"paused\" must be true or false");
    }
    ObjectNode specJson = ((ObjectNode) body).deepCopy();
    specJson.remove("id");
    specJson.remove("paused");
    if (specJson.has("declaredBy")) {
      throw new ApiError(
          400, "bad schedule " + id + ": declaredBy is the engine's, for schedules jobs declare");
    }
    ScheduleSpec spec;
    try {
      spec = ScheduleSpec.parse(specJson);
    } catch (InvalidSourceException e) {
      throw new ApiError(400, "bad schedule " + id + ": " + e.getMessage());
    }
    var before = writer.catalog().get(id);
    if (before.isPresent() && before.get().kind() != SourceKind.SCHEDULE) {
      throw new ApiError(
          409, "source " + id + " is a " + before.get().kind().text() + " source, not a schedule");
    }
    SourceDefinition def =
        new SourceDefinition(
            id,
            SourceKind.SCHEDULE,
            paused.asBoolean(false),
            spec.toJson().toString(),
            clock.instant());
    writer.put(def);
    ctx.status(before.isPresent() ? 200 : 201);
    Json.send(ctx, ScheduleView.of(def, null, clock.instant()));
  }

  private void delete(Context ctx) {
    SourceDefinition def = existing(ctx);
    writer.delete(def);
    Json.send(ctx, Map.of("deleted", def.id()));
  }

  private void pause(Context ctx, boolean paused) {
    Json.send(ctx, ScheduleView.of(writer.pause(existing(ctx), paused), null, clock.instant()));
  }

  private SourceDefinition existing(Context ctx) {
    String id = ctx.pathParam("id");
    return writer
        .catalog()
        .get(id)
        .filter(def -> def.kind() == SourceKind.SCHEDULE)
        .orElseThrow(() -> new ApiError(404, "no such schedule: " + id));
  }

  private RunQueries queries() {
    RunQueries q = queries.get();
    if (q == null) {
      throw new RunQueries.NotReadyException("the engine is starting");
    }
    return q;
  }
}
