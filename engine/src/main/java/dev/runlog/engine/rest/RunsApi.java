package dev.runlog.engine.rest;

import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.query.RunView;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.protocol.run.RunIds;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The endpoints of one run: read it (or wait for a status), its events and logs; cancel it;
 * continue it after it failed, timed out or was canceled; replay it.
 */
final class RunsApi implements AutoCloseable {
  /** Runs owned by another instance are not announced here: a waiter looks again this often. */
  private static final long RECHECK_MS = 100;

  /** A quiet stream writes this often, so that a client gone away is noticed (see RunStream). */
  private static final long HEARTBEAT_MS = 2_000;

  static final String WAIT_HEADER = "Runlog-Wait";

  private final Supplier<RunQueries> queries;
  private final EventSender events;
  private final RunWatch watch;
  private final RunStream stream;
  private final LongPoll longPoll;
  private final ExecutorService waiters =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "runlog-run-waiters");
            t.setDaemon(true);
            return t;
          });

  RunsApi(Supplier<RunQueries> queries, EventSender events, RunWatch watch) {
    this.queries = queries;
    this.events = events;
    this.watch = watch;
    this.stream =
        new RunStream(
            this::readUnlessExpired, this::notFound, watch, waiters, RECHECK_MS, HEARTBEAT_MS);
    this.longPoll = new LongPoll(RECHECK_MS, waiters);
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/runs/{runId}", this::run),
        Route.get("/api/runs/{runId}/events", this::events),
        Route.get("/api/runs/{runId}/logs", this::logs),
        stream.route(),
        Route.post("/api/runs/{runId}/cancel", this::cancel),
        Route.post("/api/runs/{runId}/continue", this::continueRun),
        Route.post("/api/runs/{runId}/replay", this::replay),
        // the peers' side of forwarding: this instance's stores only (see Peers)
        Route.internal(
            "/api/internal/runs/{runId}",
            ctx ->
                Json.send(
                    ctx, queries.get().run(runId(ctx), true).orElseThrow(() -> noRun(runId(ctx))))),
        Route.internal(
            "/api/internal/runs/{runId}/events",
            ctx ->
                Json.send(
                    ctx,
                    queries.get().events(runId(ctx), true).orElseThrow(() -> noRun(runId(ctx))))),
        Route.internal(
            "/api/internal/runs/{runId}/logs",
            ctx ->
                Json.send(
                    ctx,
                    queries.get().logs(runId(ctx), true).orElseThrow(() -> noRun(runId(ctx))))),
        Route.internal(
            "/api/internal/runs/{runId}/expired",
            ctx ->
                Json.send(
                    ctx,
                    queries
                        .get()
                        .expiredRun(runId(ctx), true)
                        .orElseThrow(() -> noRun(runId(ctx))))));
  }

  /**
   * The run; with {@code until}, answers once the run has that status or is final (or at {@code
   * timeoutMs}). A run that does not exist yet is waited for too, since an event accepted a moment
   * ago may be about to start it (its id derives from the event's): 404 when it still does not at
   * {@code timeoutMs}, and at once for an id no run can have or a run that expired.
   */
  private void run(Context ctx) {
    String until = ctx.queryParam("until");
    if (until == null) {
      Json.send(ctx, find(ctx));
      return;
    }
    Predicate<RunView> reached = condition(until);
    long timeoutMs = LongPoll.timeoutMs(ctx, LongPoll.DEFAULT_WAIT_MS);
    String runId = runId(ctx);
    if (!RunIds.isRunId(runId)) {
      find(runId); // 404 now: no event makes a run with this id
    }
    long deadline = LongPoll.deadline(timeoutMs);
    ctx.future(
        () ->
            longPoll
                .await(watch.runs(), runId, () -> readUnlessExpired(runId), reached, deadline)
                .thenAccept(
                    found -> {
                      RunView run = found.orElseThrow(() -> notFound(runId));
                      ctx.header(WAIT_HEADER, reached.test(run) ? "reached" : "timed-out");
                      Json.send(ctx, run);
                    }));
  }

  private static Predicate<RunView> condition(String until) {
    if (until.equals("final")) {
      return run -> RunStatus.valueOf(run.status()).isFinal();
    }
    RunStatus wanted;
    try {
      wanted = RunStatus.valueOf(until);
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          400,
          "until must be final or a status ("
              + Arrays.toString(RunStatus.values())
              + "), not "
              + until);
    }
    return run -> run.status().equals(wanted.name()) || RunStatus.valueOf(run.status()).isFinal();
  }

  /** Shared with the other endpoints that wait (an event being read). */
  LongPoll longPoll() {
    return longPoll;
  }

  @Override
  public void close() {
    waiters.shutdownNow();
  }

  private void events(Context ctx) {
    String runId = runId(ctx);
    Json.send(
        ctx,
        body(
            runId,
            "events",
            queries.get().events(runId, false).orElseThrow(() -> notFound(runId))));
  }

  private void logs(Context ctx) {
    String runId = runId(ctx);
    Json.send(
        ctx,
        body(runId, "logs", queries.get().logs(runId, false).orElseThrow(() -> notFound(runId))));
  }

  private void cancel(Context ctx) {
    RunView run = find(ctx);
    if (RunStatus.valueOf(run.status()).isFinal()) {
      throw new ApiError(
          409, "run " + run.id() + " is already " + run.status() + ": there is nothing to cancel");
    }
    events.cancel(run.id(), ctx.queryParam("reason"));
    Json.send(
        ctx.status(202), Map.of("runId", run.id(), "status", run.status(), "cancel", "requested"));
  }

  private void continueRun(Context ctx) {
    RunView run = find(ctx);
    if (!RunStatus.valueOf(run.status()).canContinue()) {
      throw new ApiError(
          409,
          "run "
              + run.id()
              + " is "
              + run.status()
              + ": only a FAILURE, TIMED_OUT or CANCELED run can be continued");
    }
    events.continueRun(run.id(), ctx.queryParam("reason"));
    Json.send(
        ctx.status(202),
        Map.of("runId", run.id(), "status", run.status(), "continue", "requested"));
  }

  private void replay(Context ctx) {
    RunView run = find(ctx);
    String newRunId = events.replay(run);
    Json.send(ctx.status(202), Map.of("runId", newRunId, "replayOf", run.id()));
  }

  /** The run, empty if there is none (yet); a 404 at once if it expired. */
  private Optional<RunView> readUnlessExpired(String runId) {
    return LongPoll.unlessExpired(queries.get().run(runId, false), () -> expired(runId));
  }

  private RunView find(Context ctx) {
    return find(runId(ctx));
  }

  /** The run, from whichever instance owns it; a 404 that says why when there is none. */
  private RunView find(String runId) {
    return queries.get().run(runId, false).orElseThrow(() -> notFound(runId));
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

  /** 404, saying whether the run expired (finished longer ago than the retention) or never was. */
  private ApiError notFound(String runId) {
    return expired(runId).orElseGet(() -> noRun(runId));
  }

  /** A 404 saying the run expired (finished longer ago than the retention), if it did. */
  private Optional<ApiError> expired(String runId) {
    try {
      return queries
          .get()
          .expiredRun(runId, false)
          .map(e -> new ApiError(404, e.runMessage(runId)));
    } catch (RunQueries.NotReadyException e) {
      return Optional.empty();
    }
  }

  private static ApiError noRun(String runId) {
    return new ApiError(404, "no run with id " + runId);
  }
}
