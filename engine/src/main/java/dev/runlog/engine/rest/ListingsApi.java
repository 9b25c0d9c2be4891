package dev.runlog.engine.rest;

import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.index.RunSummary;
import dev.runlog.engine.index.Slice;
import dev.runlog.engine.index.TimeKeys;
import dev.runlog.engine.query.Cursors;
import dev.runlog.engine.query.EventView;
import dev.runlog.engine.query.EventsFilter;
import dev.runlog.engine.query.Listings;
import dev.runlog.engine.query.RunFilter;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.trigger.ReceivedEvent;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The listings behind the dashboard's Runs and Events pages: runs across jobs ({@code GET
 * /api/runs}) and received events ({@code GET /api/events}), newest first, filtered, a page at a
 * time; each instance answers for its partitions on an internal route and the one asked merges.
 */
final class ListingsApi {
  static final String PAYLOAD_PREFIX = "payload.";
  private final Supplier<RunQueries> queries;

  ListingsApi(Supplier<RunQueries> queries) {
    this.queries = queries;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/runs", ctx -> Json.send(ctx, runsBody(runs(ctx, false)))),
        Route.get("/api/events", ctx -> Json.send(ctx, eventsBody(events(ctx, false)))),
        Route.internal(
            "/api/internal/run-list", ctx -> Json.send(ctx, Listings.toJson(runs(ctx, true)))),
        Route.internal(
            "/api/internal/event-list", ctx -> Json.send(ctx, Listings.toJson(events(ctx, true)))));
  }

  private Slice<RunSummary> runs(Context ctx, boolean localOnly) {
    String field = null;
    String value = null;
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (param.getKey().startsWith(PAYLOAD_PREFIX)) {
        if (field != null) {
          throw new ApiError(
              400, "one payload field at a time: payload." + field + " and " + param.getKey());
        }
        field = param.getKey().substring(PAYLOAD_PREFIX.length());
        value = param.getValue().isEmpty() ? "" : param.getValue().get(0);
        if (!PayloadIndex.indexable(field, value)) {
          throw new ApiError(
              400,
              "payload fields are searchable by a name of 1 to "
                  + PayloadIndex.MAX_NAME
                  + " characters and a value of at most "
                  + PayloadIndex.MAX_VALUE
                  + ", not "
                  + param.getKey());
        }
      }
    }
    RunFilter filter =
        new RunFilter(
            blankToNull(ctx.queryParam("job")),
            JobsApi.status(ctx),
            blankToNull(ctx.queryParam("eventId")),
            field,
            value,
            range(ctx));
    return queries.get().listings().runs(filter, JobsApi.limit(ctx), localOnly);
  }

  private Slice<ReceivedEvent> events(Context ctx, boolean localOnly) {
    String matched = blankToNull(ctx.queryParam("matched"));
    if (matched != null && !matched.equals("true") && !matched.equals("false")) {
      throw new ApiError(400, "matched must be true or false, not " + matched);
    }
    EventsFilter filter =
        new EventsFilter(
            blankToNull(ctx.queryParam("name")),
            matched == null ? null : Boolean.valueOf(matched),
            range(ctx));
    return queries.get().listings().events(filter, JobsApi.limit(ctx), localOnly);
  }

  private static Map<String, Object> runsBody(Slice<RunSummary> page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", page.entries().stream().map(kv -> kv.value).toList());
    body.put("nextCursor", Cursors.encode(page.stop()));
    return body;
  }

  private static Map<String, Object> eventsBody(Slice<ReceivedEvent> page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", page.entries().stream().map(kv -> EventView.of(kv.value)).toList());
    body.put("nextCursor", Cursors.encode(page.stop()));
    return body;
  }

  private static TimeKeys.Range range(Context ctx) {
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ApiError(400, "from must be before to: " + from + " is not before " + to);
    }
    return new TimeKeys.Range(from, to, JobsApi.cursor(ctx));
  }

  private static Instant instant(Context ctx, String name) {
    String text = blankToNull(ctx.queryParam(name));
    if (text == null) {
      return null;
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      throw new ApiError(
          400, name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not " + text);
    }
    if (instant.isBefore(JobsApi.EARLIEST) || instant.isAfter(JobsApi.LATEST)) {
      throw new ApiError(400, name + " is out of range: " + text);
    }
    return instant;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
