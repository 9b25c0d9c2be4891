package dev.runlog.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.query.RunView;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.protocol.run.RunIds;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Map;
import java.util.Optional;
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
 * <p>A run that does not exist yet but may be about to (a run-shaped id: an event accepted a moment
 * ago starts it) is waited for like the long poll waits for it: the stream opens at once and its
 * first {@code run} event comes when the run is made; {@code event: error} and the end if it is not
 * within {@code timeoutMs}. An id no run can have, or a run that expired, is a 404 at once.
 *
 * <p>A client that goes away is noticed only when a write fails, so a quiet stream still writes a
 * comment every {@code heartbeatMs}: its follower stops within two of them.
 */
final class RunStream {
  private static final Logger LOG = LoggerFactory.getLogger(RunStream.class);
  static final String PATH = "/api/runs/{runId}/stream";
  static final String EVENT = "run";
  static final String MEDIA_TYPE = "text/event-stream";

  private final Function<String, Optional<RunView>> read;
  private final Function<String, ApiError> notFound;
  private final RunWatch watch;
  private final Executor waiters;
  private final long recheckMs;
  private final long heartbeatMs;

  /**
   * @param read the run by id; empty when there is none (yet); an {@link ApiError} 404 when it
   *     expired, which nothing brings back
   * @param notFound the 404 that says why a run is not there
   * @param waiters where followers look again; none of their work runs on a stream thread
   */
  RunStream(
      Function<String, Optional<RunView>> read,
      Function<String, ApiError> notFound,
      RunWatch watch,
      Executor waiters,
      long recheckMs,
      long heartbeatMs) {
    this.read = read;
    this.notFound = notFound;
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
    long timeoutMs = LongPoll.timeoutMs(ctx, LongPoll.DEFAULT_WAIT_MS);
    if (read.apply(runId).isEmpty() && !RunIds.isRunId(runId)) {
      throw notFound.apply(runId); // no event makes it: a 404 in JSON, before the stream starts
    }
    // SseHandler answers only this exact Accept (as EventSource sends it), and an empty 200 to
    // anything else: refuse that with a reason instead
    if (!MEDIA_TYPE.equals(ctx.header(Header.ACCEPT))) {
      throw new ApiError(
          406,
          "a stream of events: send the header Accept: " + MEDIA_TYPE + " (as EventSource does)");
    }
    long madeBy = LongPoll.deadline(timeoutMs);
    new SseHandler(client -> new Follower(client, runId, madeBy).start()).handle(ctx);
  }

  /** The one follower of one connection. */
  private final class Follower {
    private final SseClient client;
    private final String runId;
    private final long madeBy; // System.nanoTime: a run not made by then is not waited for
    private RunView sent; // touched by one step at a time: each step schedules the next
    private long lastWrite = System.nanoTime();
    private volatile boolean stopped;

    Follower(SseClient client, String runId, long madeBy) {
      this.client = client;
      this.runId = runId;
      this.madeBy = madeBy;
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
      Optional<RunView> found;
      try {
        found = read.apply(runId);
      } catch (RunQueries.NotReadyException | InvalidStateStoreException e) {
        heartbeat("rebalancing"); // look again soon
        return false;
      } catch (ApiError e) {
        if (e.status() != 404) { // a 503 of the owner: look again soon
          heartbeat("not ready");
          return false;
        }
        return ended(e); // expired while followed
      }
      if (found.isEmpty()) {
        if (sent == null && System.nanoTime() - madeBy < 0) {
          heartbeat("waiting for the run to be made");
          return false;
        }
        return ended(notFound.apply(runId)); // never made, or gone (its job deleted)
      }
      RunView run = found.get();
      if (!run.equals(sent)) {
        client.sendEvent(EVENT, json(run));
        sent = run;
        lastWrite = System.nanoTime();
      } else {
        heartbeat("still " + run.status());
      }
      return RunStatus.valueOf(run.status()).isFinal();
    }

    private boolean ended(ApiError why) {
      client.sendEvent("error", json(Map.of("error", why.getMessage())));
      return true;
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
