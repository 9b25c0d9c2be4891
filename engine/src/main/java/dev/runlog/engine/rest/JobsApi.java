package dev.runlog.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.query.Cursors;
import dev.runlog.engine.query.JobRunsPage;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.engine.trigger.FirstStart;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.schema.PayloadSchema;
import dev.runlog.protocol.trigger.TriggerEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The endpoints of jobs and trigger events: list jobs and their runs, send an event, see its runs.
 */
final class JobsApi {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 500;
  static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final String RANGE = "times must be from " + EARLIEST + " to " + LATEST;
  private static final String EXPECTED =
      "{\"name\": \"...\", \"id\"?: \"...\", \"payload\": {...}, \"context\"?: {...}, "
          + "\"deliverAt\"?: \"2026-01-01T00:00:00Z\", \"deliverAfter\"?: \"PT30S\"}";
  private final Supplier<RunQueries> queries;
  private final EventSender events;
  private final Clock clock;
  private final RunWatch watch;
  private final LongPoll longPoll;
  private final ImmediateStarts starts;

  JobsApi(
      Supplier<RunQueries> queries,
      EventSender events,
      Clock clock,
      RunWatch watch,
      LongPoll longPoll,
      ImmediateStarts starts) {
    this.starts = starts;
    this.queries = queries;
    this.events = events;
    this.clock = clock;
    this.watch = watch;
    this.longPoll = longPoll;
  }

  List<Route> routes() {
    return List.of(
        Route.post("/api/events", this::postEvent),
        Route.get("/api/events/{eventId}", this::event),
        Route.get("/api/events/{eventId}/runs", this::eventRuns),
        Route.get("/api/jobs", this::jobs),
        Route.delete("/api/jobs/{jobId}", this::deleteJob),
        Route.internal(
            "/api/internal/events/{eventId}",
            ctx ->
                Json.send(
                    ctx,
                    queries
                        .get()
                        .event(ctx.pathParam("eventId"), true)
                        .orElseThrow(() -> noEvent(ctx.pathParam("eventId"))))),
        Route.internal(
            "/api/internal/events/{eventId}/expired",
            ctx ->
                Json.send(
                    ctx,
                    queries
                        .get()
                        .expiredEvent(ctx.pathParam("eventId"), true)
                        .orElseThrow(() -> noEvent(ctx.pathParam("eventId"))))),
        Route.get(
            "/api/limits", ctx -> Json.send(ctx, Map.of("limits", queries.get().limits(false)))),
        Route.internal(
            "/api/internal/limits",
            ctx -> Json.send(ctx, Map.of("limits", queries.get().limits(true)))),
        Route.get("/api/jobs/{jobId}/runs", this::jobRuns),
        Route.internal("/api/internal/jobs/{jobId}/runs", this::localJobRuns),
        Route.internal(
            "/api/internal/jobs/{jobId}/counts",
            ctx -> Json.send(ctx, queries.get().counts(ctx.pathParam("jobId"), true))));
  }

  private void postEvent(Context ctx) {
    TriggerEvent event;
    try {
      event =
          Codecs.TRIGGER_EVENT.decode(
              Requests.body(ctx), UUID.randomUUID().toString(), clock.instant());
    } catch (DecodeException e) {
      throw new ApiError(400, "bad event: " + e.getMessage() + "; expected " + EXPECTED);
    } catch (DateTimeException
        | ArithmeticException e) { // timestamp + deliverAfter beyond what an Instant holds
      throw new ApiError(
          400,
          "bad event: \"timestamp\" + \"deliverAfter\" is out of range ("
              + e.getMessage()
              + "); "
              + RANGE);
    }
    inRange("\"timestamp\"", event.timestamp());
    inRange(
        "the delivery time (\"deliverAt\", or \"timestamp\" + \"deliverAfter\")",
        event.deliverAt());
    if (event.job() != null) {
      checkJob(event);
    }
    TriggerEvent trigger =
        new TriggerEvent(
            event.id(),
            event.name(),
            event.payload(),
            event.context(),
            event.timestamp(),
            event.deliverAt(),
            "api",
            event.job(),
            null,
            null);
    // asked before the events store: an earlier copy read up to then is in it (ImmediateStarts)
    List<FirstStart> started = starts.of(trigger);
    Optional<ReceivedEvent> earlier = earlier(event.id());
    // an event sent again (its runs exist) takes the engine's path, which makes no second run
    events.send(trigger, earlier.isEmpty() ? started : List.of());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", event.id());
    earlier.ifPresent(
        e -> { // sent again: its runs exist already, and a job registered since gets one now
          body.put("duplicate", true);
          body.put("runIds", e.runIds());
        });
    if (event.job() != null && earlier.isEmpty()) {
      // the run it starts, known now: its id derives from the event's and the job's
      body.put("runIds", List.of(RunIds.of(event.id(), event.job())));
    }
    Json.send(ctx.status(202), body);
  }

  /** An event for one job: that job must exist and take the payload, else a 4xx says why. */
  private void checkJob(TriggerEvent event) {
    JobDefinition job = queries.get().jobs().get(event.job());
    if (job == null) {
      throw new ApiError(404, "job '" + event.job() + "' is not registered");
    }
    if (job.payloadSchema() != null) {
      List<String> errors = PayloadSchema.parse(job.payloadSchema()).validate(event.payload());
      if (!errors.isEmpty()) {
        throw new ApiError(
            400,
            "payload does not match job '"
                + event.job()
                + "''s schema: "
                + String.join("; ", errors));
      }
    }
  }

  /**
   * The engine's record of an event sent before with the same id; empty when unknown or not
   * answerable now.
   */
  private Optional<ReceivedEvent> earlier(String eventId) {
    try {
      return queries.get().eventKeyedById(eventId); // where this API's own send puts it
    } catch (RunQueries.NotReadyException e) {
      return Optional
          .empty(); // the send itself is what matters; the run ids derive from the event id anyway
    }
  }

  /**
   * What the engine did with an event; with {@code timeoutMs}, an event it has not read yet is
   * waited for that long (it reads an accepted one within moments): 404 if it still has not.
   * Without it, the answer is at once (a wait of 0).
   */
  private void event(Context ctx) {
    String eventId = ctx.pathParam("eventId");
    long deadline = LongPoll.deadline(LongPoll.timeoutMs(ctx, 0));
    ctx.future(
        () ->
            longPoll
                .await(
                    watch.events(),
                    eventId,
                    () ->
                        LongPoll.unlessExpired(
                            queries.get().event(eventId, false),
                            () ->
                                queries
                                    .get()
                                    .expiredEvent(eventId, false)
                                    .map(e -> new ApiError(404, e.eventMessage(eventId)))),
                    e -> true,
                    deadline)
                .thenAccept(
                    found -> Json.send(ctx, eventBody(found.orElseThrow(() -> noEvent(eventId))))));
  }

  private static Map<String, Object> eventBody(ReceivedEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", event.id());
    body.put("name", event.name());
    body.put("status", "received");
    body.put("receivedAt", event.receivedAt());
    body.put("timestamp", event.timestamp());
    body.put("deliverAt", event.deliverAt());
    body.put("matchedJobs", event.matchedJobs());
    body.put("runIds", event.runIds());
    body.put("deliveries", event.deliveries());
    return body;
  }

  private static ApiError noEvent(String eventId) {
    return new ApiError(
        404,
        "no event with id "
            + eventId
            + " has been received (an accepted event is recorded within moments)");
  }

  private void deleteJob(Context ctx) {
    String jobId = ctx.pathParam("jobId");
    if (queries.get().jobs().get(jobId) == null) {
      throw new ApiError(404, "no job with id " + jobId);
    }
    events.deleteJob(jobId);
    Json.send(ctx.status(202), Map.of("jobId", jobId, "deleted", true));
  }

  /**
   * Refuses a time the rest of the system cannot carry: Avro's timestamp-millis holds epoch
   * milliseconds in a long (an Instant goes much further), and ISO-8601 text has four-digit years.
   */
  private static void inRange(String what, Instant time) {
    if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
      throw new ApiError(400, "bad event: " + what + " is " + time + "; " + RANGE);
    }
  }

  private void eventRuns(Context ctx) {
    String eventId = ctx.pathParam("eventId");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", eventId);
    body.put("runs", queries.get().runsOfEvent(eventId));
    Json.send(ctx, body);
  }

  private void jobs(Context ctx) {
    RunQueries q = queries.get();
    List<Map<String, Object>> jobs =
        q.jobs().all().stream()
            .map(
                j -> {
                  Map<String, Object> job = new LinkedHashMap<>();
                  job.put("id", j.id());
                  job.put("version", j.version());
                  job.put("versions", List.of(j.version()));
                  job.put("eventName", j.eventName());
                  job.put("queue", j.queue());
                  job.put("concurrencyLimit", j.concurrencyLimit());
                  job.put("sharedLimit", j.sharedLimit());
                  job.put("keyLimit", j.keyLimit());
                  job.put("maxDurationMs", j.maxDurationMillis());
                  job.put("registeredAt", j.registeredAt());
                  job.put("payloadSchema", schema(j.payloadSchema()));
                  job.put("counts", q.counts(j.id(), false));
                  return job;
                })
            .toList();
    Json.send(ctx, Map.of("jobs", jobs));
  }

  /** The job's payload schema as JSON, null when it has none (or it is not JSON). */
  private static JsonNode schema(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JsonSerde.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private void jobRuns(Context ctx) {
    String jobId = ctx.pathParam("jobId");
    JobDefinition job = queries.get().jobs().get(jobId);
    if (job == null) {
      throw new ApiError(404, "no job with id " + jobId);
    }
    JobRunsPage page = queries.get().jobRuns(jobId, status(ctx), cursor(ctx), limit(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jobId", jobId);
    body.put("runs", page.runs());
    body.put("nextCursor", Cursors.encode(page.nextCursor()));
    Json.send(ctx, body);
  }

  private void localJobRuns(Context ctx) {
    int limit = limit(ctx);
    var entries =
        queries.get().localJobRuns(ctx.pathParam("jobId"), status(ctx), cursor(ctx), limit);
    Json.send(
        ctx,
        Map.of(
            "entries",
            entries.stream().map(kv -> Map.of("key", kv.key, "run", kv.value)).toList(),
            "more",
            entries.size() >= limit));
  }

  static RunStatus status(Context ctx) {
    String status = ctx.queryParam("status");
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return RunStatus.valueOf(status.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          400, "unknown status " + status + "; one of " + Arrays.toString(RunStatus.values()));
    }
  }

  static String cursor(Context ctx) {
    try {
      return Cursors.decode(ctx.queryParam("cursor"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad cursor: use the nextCursor of a previous page");
    }
  }

  static int limit(Context ctx) {
    String limit = ctx.queryParam("limit");
    if (limit == null || limit.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(400, "limit must be a number from 1 to " + MAX_LIMIT + ", was " + limit);
  }
}
