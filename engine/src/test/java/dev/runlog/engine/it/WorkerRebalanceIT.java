package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.Test;

/**
 * Workers join and leave their group while runs execute: each partition that moves carries runs in
 * flight and runs accepted but waiting for a thread, and none of their tasks may run twice.
 */
class WorkerRebalanceIT extends OnRealBroker {
  private static final String PREFIX = "rebalance";
  private static final int STEPS = 3;

  private final SideEffects effects = new SideEffects();

  /** Tasks run by each worker. */
  private final Map<String, AtomicInteger> ranBy = new ConcurrentHashMap<>();

  @Test
  void workersJoiningAndLeavingUnderLoadRunEachTaskOnce() throws Exception {
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger sent = new AtomicInteger();
    List<Worker> workers = new ArrayList<>();
    try (RunlogEngine engine = cluster.engine(PREFIX, "engine-" + PREFIX, 4);
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of())) {
      Api api = new Api(engine.url());
      workers.add(start("w1"));
      api.awaitJob("rebalanced");
      // the load: sixteen events every two seconds; a worker reads each burst in one poll, and
      // runs some of it while the rest waits for a thread
      load.scheduleAtFixedRate(() -> sendBurst(client, sent), 0, 2, TimeUnit.SECONDS);

      awaitMore(() -> ran("w1"), 20, "w1 runs tasks");
      workers.add(start("w2")); // joins: w1 gives up partitions with runs executing
      awaitMore(() -> ran("w2"), 20, "w2 runs tasks");
      workers.add(start("w3"));
      awaitMore(() -> ran("w3"), 20, "w3 runs tasks");
      workers.get(0).close(); // leaves: its partitions move to w2 and w3
      awaitMore(() -> ran("w2") + ran("w3"), 40, "w2 and w3 run tasks after w1 left");
      workers.get(1).close();
      awaitMore(() -> ran("w3"), 20, "w3 runs tasks after w2 left");
      load.shutdown();
      assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "the last burst was not sent");
      int runs = sent.get();

      api.await("/api/jobs", a -> succeeded(a.body()) == runs);
      effects.assertEachOnce(runs * STEPS);
    } finally {
      load.shutdownNow();
      workers.forEach(Worker::close);
    }
  }

  @Test
  void aWorkerWhoseInstanceIdAnotherTookStopsWithTheError() throws Exception {
    String prefix = "twins";
    Job<Order> job = Job.define("twin", "twin.tick", Order.class, (order, io, ctx) -> "done");
    try (RunlogEngine engine = cluster.engine(prefix);
        Worker first = Worker.start(twin(prefix, "first"), List.of(job))) {
      new Api(engine.url()).awaitJob("twin");
      ExecutorService waiter = Executors.newSingleThreadExecutor();
      try (Worker second = Worker.start(twin(prefix, "second"), List.of(job))) {
        Future<Optional<RuntimeException>> stop = waiter.submit(first::awaitStop);
        RuntimeException error = stop.get(Api.DEADLINE.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertInstanceOf(FencedInstanceIdException.class, error);
      } finally {
        waiter.shutdownNow();
      }
    }
  }

  /** A worker configured with the same static group membership as any other of this method. */
  private WorkerConfig twin(String prefix, String id) {
    WorkerConfig config = cluster.worker(prefix, id);
    Map<String, Object> kafka = new HashMap<>(config.kafka());
    kafka.put("group.instance.id", "twin");
    return config.withKafka(kafka);
  }

  private static void sendBurst(RunlogClient client, AtomicInteger sent) {
    for (int i = 0; i < 16; i++) {
      client.send("rebalance.tick", new Order("tick " + sent.getAndIncrement()));
    }
  }

  private Worker start(String id) {
    Job<Order> job =
        Job.define(
            "rebalanced",
            "rebalance.tick",
            Order.class,
            (order, io, ctx) -> {
              for (int step = 0; step < STEPS; step++) {
                String key = "step " + step;
                io.runTask(
                    key,
                    () -> {
                      effects.happened(ctx.runId(), key);
                      ranBy.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                      // the task's work, not a wait: it is in flight when partitions move
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    });
              }
              return "done";
            });
    // Two runs at a time: the rest of a burst waits, accepted, for a thread, longer than a worker
    // giving up a partition waits for its runs (half of max.poll.interval.ms: 1 s)
    WorkerConfig config = cluster.worker(PREFIX, id).withMaxConcurrentRuns(2);
    Map<String, Object> kafka = new HashMap<>(config.kafka());
    kafka.put("max.poll.interval.ms", "2000");
    return Worker.start(config.withKafka(kafka), List.of(job));
  }

  private int ran(String worker) {
    AtomicInteger count = ranBy.get(worker);
    return count == null ? 0 : count.get();
  }

  /** Polls until {@code count} has grown by {@code more} from now; fails at the deadline. */
  private static void awaitMore(IntSupplier count, int more, String what) {
    int target = count.getAsInt() + more;
    Instant deadline = Instant.now().plus(Api.DEADLINE);
    while (count.getAsInt() < target) {
      assertTrue(Instant.now().isBefore(deadline), what + ": never happened");
      Api.pause();
    }
  }

  private static int succeeded(JsonNode jobs) {
    for (JsonNode job : jobs.path("jobs")) {
      if ("rebalanced".equals(job.path("id").asText())) {
        return job.path("counts").path("SUCCESS").asInt();
      }
    }
    return -1;
  }
}
