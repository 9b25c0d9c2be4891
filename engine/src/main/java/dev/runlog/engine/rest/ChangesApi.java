package dev.runlog.engine.rest;

import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.topology.RunWatch;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/changes}: server-sent events that tell the live pages (runs, events) that there
 * is something new to show, so that they ask again instead of polling.
 *
 * <p>Cheap by design: the stream threads only count (status changes, events read; see {@link
 * RunWatch#changes}), and one thread looks at the counts once a {@link #TICK_MS} while a page
 * listens, adding up the other instances' counts ({@code /api/internal/changes}) so that a change
 * anywhere reaches every page. It sends at most one {@code runs} and one {@code events} event per
 * tick, however many runs changed, and nothing when nothing did.
 */
final class ChangesApi implements AutoCloseable {
  static final long TICK_MS = 1_000;
  static final String EVENT_STREAM = "text/event-stream";

  /** A comment this often keeps proxies from closing a quiet stream, and finds closed ones. */
  private static final int PING_EVERY_TICKS = 15;

  private static final Logger LOG = LoggerFactory.getLogger(ChangesApi.class);

  private final Supplier<RunQueries> queries;
  private final RunWatch watch;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "runlog-changes");
            t.setDaemon(true);
            return t;
          });
  private final SseHandler stream = new SseHandler(this::connected);
  private RunWatch.Changes last;
  private long ticks;

  ChangesApi(Supplier<RunQueries> queries, RunWatch watch) {
    this.queries = queries;
    this.watch = watch;
    ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/changes", this::changes),
        Route.internal(
            "/api/internal/changes",
            ctx -> {
              RunWatch.Changes mine = watch.changes();
              Json.send(ctx, Map.of("runs", mine.runs(), "events", mine.events()));
            }));
  }

  private void changes(Context ctx) throws Exception {
    // Javalin's handler streams only to a request that accepts exactly this, as EventSource does
    if (!EVENT_STREAM.equals(ctx.header("Accept"))) {
      throw new ApiError(
          406, "this is a stream of server-sent events: send Accept: " + EVENT_STREAM);
    }
    stream.handle(ctx);
  }

  private void connected(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    client.sendComment("connected: events runs and events follow when they change");
  }

  private void tick() {
    try {
      if (clients.isEmpty()) {
        last = null; // the next page to listen starts afresh
        return;
      }
      RunWatch.Changes now = watch.changes();
      RunQueries q = queries.get();
      try {
        if (q != null) {
          now = now.plus(q.listings().peerChanges());
        }
      } catch (RuntimeException e) { // not ready, rebalancing: this instance's changes still go out
        LOG.debug("the other instances' changes are not known now: {}", e.getMessage());
      }
      boolean ping = ++ticks % PING_EVERY_TICKS == 0;
      for (SseClient client : clients) {
        if (client.terminated()) {
          clients.remove(client);
          continue;
        }
        if (last != null && now.runs() != last.runs()) {
          client.sendEvent("runs", Long.toString(now.runs()));
        }
        if (last != null && now.events() != last.events()) {
          client.sendEvent("events", Long.toString(now.events()));
        }
        if (ping) {
          client.sendComment("ping");
        }
      }
      last = now;
    } catch (RuntimeException e) {
      LOG.debug("changes tick failed, trying again at the next: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    clients.forEach(SseClient::close);
  }
}
