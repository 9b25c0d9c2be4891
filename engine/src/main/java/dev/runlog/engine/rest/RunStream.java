package dev.runlog.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.query.RunView;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunWatch;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/runs/{runId}/stream}: the run's view as Server-Sent Events, one {@code run} event
 * at once and one whenever the view changes, the last one when the run is final (then the stream
 * ends). A connection has one follower, which waits on {@link RunWatch} like the long poll of
 * {@link RunsApi}, and looks again every {@code recheckMs}: the watch announces only status changes
 * of this instance's runs, so a task's progress, or a run owned by another instance, is seen at the
 * next look.
 *
 * <p>A client that goes away is noticed only when a write fails, so a quiet stream still writes a
 * comment every {@code heartbeatMs}: its follower stops within two of them.
 */
final class RunStream {
  private static final Logger LOG = LoggerFactory.getLogger(RunStream.class);
  static final String PATH = "/api/runs/{runId}/stream";
  static final String EVENT = "run";
  static final String MEDIA_TYPE = "text/event-stream";

  private final Function<String, RunView> find;
  private final RunWatch watch;
  private final Executor waiters;
  private final long recheckMs;
  private final long heartbeatMs;

  /**
   * @param find the run by id, or an {@link ApiError} 404
   * @param waiters where followers look again; none of their work runs on a stream thread
   */
  RunStream(
      Function<String, RunView> find,
      RunWatch watch,
      Executor waiters,
      long recheckMs,
      long heartbeatMs) {
    this.find = find;
    this.watch = watch;
    this.waiters = waiters;
    this.recheckMs = recheckMs;
    this.heartbeatMs = heartbeatMs;
  }

  Route route() {
    return Route.get(PATH, this::open);
  }

  private void open(Context ctx) {
    String runId = ctx.pathParam("runId");
    find.apply(runId); // an unknown run is a 404 in JSON, before the stream starts
    // SseHandler answers only this exact Accept (as EventSource sends it), and an empty 200 to
    // anything else: refuse that with a reason instead
    if (!MEDIA_TYPE.equals(ctx.header(Header.ACCEPT))) {
      throw new ApiError(
          406,
          "a stream of events: send the header Accept: " + MEDIA_TYPE + " (as EventSource does)");
    }
    new SseHandler(client -> new Follower(client, runId).start()).handle(ctx);
  }

  /** The one follower of one connection. */
  private final class Follower {
    private final SseClient client;
    private final String runId;
    private RunView sent; // touched by one step at a time: each step schedules the next
    private long lastWrite = System.nanoTime();
    private volatile boolean stopped;

    Follower(SseClient client, String runId) {
      this.client = client;
      this.runId = runId;
    }

    void start() {
      client.keepAlive();
      client.onClose(() -> stopped = true);
      waiters.execute(this::step);
    }

    private void step() {
      if (stopped || client.terminated()) {
        return;
      }
      CompletableFuture<Void> changed = watch.runs().next(runId); // before the read, as in RunsApi
      try {
        if (look()) {
          watch.runs().forget(runId, changed);
          client.close();
          return;
        }
      } catch (RuntimeException e) { // a bug, not the client: end this stream, keep the others
        LOG.warn("the stream of run {} failed", runId, e);
        watch.runs().forget(runId, changed);
        client.close();
        return;
      }
      if (stopped || client.terminated()) { // a failed write closed it
        watch.runs().forget(runId, changed);
        return;
      }
      changed
          .completeOnTimeout(null, recheckMs, TimeUnit.MILLISECONDS)
          .thenRunAsync(
              () -> {
                watch.runs().forget(runId, changed);
                step();
              },
              waiters);
    }

    /** Sends the view if it changed (or a heartbeat); true once the stream is done. */
    private boolean look() {
      RunView run;
      try {
        run = find.apply(runId);
      } catch (RunQueries.NotReadyException | InvalidStateStoreException e) {
        heartbeat("rebalancing"); // look again soon
        return false;
      } catch (ApiError e) {
        if (e.status() != 404) { // a 503 of the owner: look again soon
          heartbeat("not ready");
          return false;
        }
        // gone: expired (or its job deleted) while followed
        client.sendEvent("error", json(Map.of("error", e.getMessage())));
        return true;
      }
      if (!run.equals(sent)) {
        client.sendEvent(EVENT, json(run));
        sent = run;
        lastWrite = System.nanoTime();
      } else {
        heartbeat("still " + run.status());
      }
      return RunStatus.valueOf(run.status()).isFinal();
    }

    private void heartbeat(String comment) {
      if (System.nanoTime() - lastWrite >= TimeUnit.MILLISECONDS.toNanos(heartbeatMs)) {
        client.sendComment(comment);
        lastWrite = System.nanoTime();
      }
    }
  }

  private static String json(Object value) {
    try {
      return JsonSerde.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
