package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.TestCluster;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.http.SlackStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How soon work goes on after a crash, with the settings a user gets by default: the times are
 * measured and logged ({@code recovery:} lines), never asserted (they depend on the machine); what
 * is asserted is that every run reaches SUCCESS and that no task's output is recorded twice. What
 * is killed runs in a child JVM and is killed with SIGKILL.
 */
class RecoveryIT {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryIT.class);

  /**
   * Long enough for Kafka's default 45 s session timeout, so that the test also measures settings
   * without static membership.
   */
  private static final Duration DEADLINE = Duration.ofSeconds(150);

  private static TestCluster cluster;

  record Order(int n) {}

  /** The body of job {@code slow}'s one task, which differs between the workers of a test. */
  interface Body {
    int run(String runId) throws Exception;
  }

  /** Job {@code slow}: one task, {@code body}. */
  static Job<Order> slowJob(Body body) {
    return Job.define(
        "slow",
        "slow.run",
        Order.class,
        (order, io, ctx) -> io.runTask("slow", Integer.class, () -> body.run(ctx.runId())));
  }

  /** Job {@code gallery}: starts a run of {@code resize} and waits for its output. */
  static Job<Order> galleryJob() {
    return Job.named("gallery")
        .on("gallery.new", Order.class)
        .call(
            (order, io) ->
                io.invokeAndWait("thumb", "resize", order, Duration.ofMinutes(5), Integer.class));
  }

  /** The star job's payload. */
  record Star(String login, String repo) {}

  /**
   * The seed's star job, short: posts "⭐️ New Star" with {@code io.slack} through the managed
   * connection {@code slack}, then runs task {@code after}, {@code body}.
   */
  static Job<Star> starJob(Body after) {
    return Job.on("new.star", Star.class)
        .call(
            (star, io) -> {
              String text = "@" + star.login() + " just starred " + star.repo() + "!";
              io.slack("slack").postMessage("⭐️ New Star", "#stars", text);
              return io.runTask("after", Integer.class, () -> after.run(io.context().runId()));
            })
        .integration("slack", Slack.INTEGRATION, Auth.managed());
  }

  /** Job {@code resize}: one task, {@code body}. */
  static Job<Order> resizeJob(Body body) {
    return Job.named("resize")
        .on("resize.asked", Order.class)
        .call(
            (order, io) ->
                io.runTask("resize", Integer.class, () -> body.run(io.context().runId())));
  }

  /**
   * Job {@code pause}: waits {@code n} ms durably, then runs one task, counted in {@code effects}.
   */
  private static Job<Order> pauseJob(Map<String, AtomicInteger> effects) {
    return Job.define(
        "pause",
        "pause.run",
        Order.class,
        (order, io, ctx) -> {
          io.sleep("pause", Duration.ofMillis(order.n()));
          return io.runTask(
              "after",
              Integer.class,
              () -> {
                effects.computeIfAbsent(ctx.runId(), k -> new AtomicInteger()).incrementAndGet();
                return order.n();
              });
        });
  }

  @BeforeAll
  static void startBroker() {
    cluster = new TestCluster();
  }

  @AfterAll
  static void stopBroker() {
    cluster.close();
  }

  /**
   * The REST API comes up before Kafka Streams is RUNNING and answers 503 until then: how long it
   * does after a crash, against the same engine's first start (a JVM and an engine starting, with
   * no group to join and no state), tells what the crash costs whatever the machine's speed.
   */
  @Test
  void anEngineKilledAndRestartedOnItsStateDirServesAgainAndFiresTheWaitThatCameDue(
      @TempDir Path dir) throws Exception {
    String prefix = "ra";
    Path state = dir.resolve("state");
    int port = ChildEngine.freePort();
    String[] settings = {"topic.prefix=" + prefix, "partitions=3"};
    Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    long launched = System.nanoTime();
    try (ChildEngine first = ChildEngine.launch(cluster.bootstrapServers(), state, port, settings);
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(pauseJob(effects)));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Startup firstStart = Startup.watch(first, launched);
      Api api = new Api(first.url());
      api.awaitJob("pause");
      int done = 20; // some state for the restart to find
      for (int i = 0; i < done; i++) {
        client.send("pause.run", "done-" + i, new Order(0), null);
      }
      await(
          api,
          "/api/jobs",
          a ->
              a.status() == 200
                  && a.body().path("jobs").get(0).path("counts").path("SUCCESS").asInt() == done);
      String waiting =
          RunIds.of(client.send("pause.run", "waiting", new Order(1500), null), "pause");
      await(api, "/api/runs/" + waiting, a -> "WAITING".equals(a.body().path("status").asText()));
      // a Kafka source reading a user topic while the engine is killed: its records are written
      // before, during and after the kill
      SourceStream stream = SourceStream.start(cluster.bootstrapServers(), api, "ra-user", 40);
      await(
          api, "/api/sources/user", a -> a.body().path("counters").path("triggered").asInt() >= 5);
      first.kill();
      Instant due = waitRequested(prefix, waiting);
      while (Instant.now().isBefore(due)) {
        Api.pause(); // the wait comes due while no engine runs
      }

      long relaunched = System.nanoTime();
      Instant relaunchedAt = Instant.now();
      try (ChildEngine second =
          ChildEngine.launch(cluster.bootstrapServers(), state, port, settings)) {
        Startup restart = Startup.watch(second, relaunched);
        assertStaticMember(
            prefix + "-engine", Files.readString(state.resolve("instance-id")).strip());
        Api again = new Api(second.url());
        String fresh = RunIds.of(client.send("pause.run", "fresh", new Order(0), null), "pause");
        await(again, "/api/runs/" + fresh, succeeded());
        long freshDone = System.nanoTime();
        await(again, "/api/runs/" + waiting, succeeded());

        Instant fired = elapsed(prefix, waiting);
        for (String runId : List.of(waiting, fresh)) {
          assertEachTaskRecordedOnce(again, runId, 1);
          assertEquals(1, effects.get(runId).get(), runId);
        }
        // every record of the user topic: one trigger (none from the killed transaction), one run
        List<String> recordIds = stream.awaitWritten();
        for (String eventId : recordIds) {
          JsonNode runs =
              await(
                      again,
                      "/api/events/" + eventId + "/runs",
                      a -> a.status() == 200 && a.body().path("runs").size() == 1)
                  .path("runs");
          String runId = runs.get(0).path("id").asText();
          await(again, "/api/runs/" + runId, succeeded());
          assertEquals(1, effects.get(runId).get(), eventId + " ran its task once");
        }
        assertEquals(
            recordIds.stream().sorted().toList(),
            SourceStream.committedTriggerIds(cluster.bootstrapServers(), prefix, "ra-user"),
            "each record of the source one trigger on the triggers topic");
        LOG.info(
            "recovery: (a) engine SIGKILLed, restarted on its state dir: REST up {} ms after the launch, RUNNING {} ms later (its first "
                + "start: up after {} ms, RUNNING {} ms later); a run sent then SUCCESS {} ms after the launch; the wait due during the downtime "
                + "fired {} ms after the launch",
            restart.answeringMs(),
            restart.unavailableMs(),
            firstStart.answeringMs(),
            firstStart.unavailableMs(),
            ms(freshDone - relaunched),
            Duration.between(relaunchedAt, fired).toMillis());
        second
            .jvm()
            .stderrLines("restored")
            .forEach(line -> LOG.info("recovery: (a) the restarted engine logged: {}", line));
      }
    }
  }

  /**
   * When an engine launched answered its first HTTP request (of any status), and when it was
   * RUNNING: ready to process events and to answer queries about runs ({@code GET /api/jobs} may
   * answer 200 sooner, from the global jobs store).
   */
  private record Startup(long answeringMs, long runningMs) {
    static Startup watch(ChildEngine engine, long launchedNanos) throws InterruptedException {
      Api api = new Api(engine.url());
      awaitTrue(() -> api.get("/api/jobs").status() > 0, "the engine answers HTTP");
      long answering = System.nanoTime();
      engine.jvm().awaitLine(ChildEngine.READY);
      return new Startup(ms(answering - launchedNanos), ms(System.nanoTime() - launchedNanos));
    }

    long unavailableMs() {
      return runningMs - answeringMs;
    }
  }

  @Test
  void theSurvivorOfTwoEnginesTakesOverTheRunsOfTheOneKilled(@TempDir Path dir) throws Exception {
    String prefix = "rb";
    int partitions = 4;
    Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    List<String> probes = probes(partitions);
    try (RunlogEngine survivor = cluster.engine(prefix, "rb-survivor", partitions);
        ChildEngine doomed =
            ChildEngine.start(
                cluster.bootstrapServers(),
                dir.resolve("doomed"),
                "topic.prefix=" + prefix,
                "partitions=" + partitions);
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(pauseJob(effects)));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(survivor.url());
      api.awaitJob("pause");
      String self = "localhost:" + survivor.httpPort();
      awaitTrue(
          () -> probes.stream().anyMatch(p -> doomed.hostPort().equals(survivor.ownerOf(p))),
          "the second instance owns a partition");
      int done = 6; // state for the standby to hold
      for (int i = 0; i < done; i++) {
        client.send("pause.run", "done-" + i, new Order(0), null);
      }
      await(
          api,
          "/api/jobs",
          a ->
              a.status() == 200
                  && a.body().path("jobs").get(0).path("counts").path("SUCCESS").asInt() == done);
      String eventId = eventOwnedBy(survivor, doomed.hostPort(), "orphan-");

      doomed.kill();
      long killed = System.nanoTime();
      String orphan = RunIds.of(client.send("pause.run", eventId, new Order(0), null), "pause");
      await(api, "/api/runs/" + orphan, succeeded());
      long taken = System.nanoTime();
      assertEachTaskRecordedOnce(api, orphan, 1);
      assertEquals(1, effects.get(orphan).get());
      awaitTrue(
          () -> probes.stream().allMatch(p -> self.equals(survivor.ownerOf(p))),
          "the survivor owns every partition");
      long allOwned = System.nanoTime();

      // A clean stop leaves the group (static members stay in it otherwise until their session
      // times out).
      String closedOwner;
      try (RunlogEngine third = cluster.engine(prefix, "rb-third", partitions)) {
        closedOwner = "localhost:" + third.httpPort();
        awaitTrue(
            () -> probes.stream().anyMatch(p -> closedOwner.equals(survivor.ownerOf(p))),
            "the third instance owns a partition");
      }
      long closed = System.nanoTime();
      awaitTrue(
          () -> probes.stream().allMatch(p -> self.equals(survivor.ownerOf(p))),
          "the survivor owns every partition again");
      long back = System.nanoTime();
      LOG.info(
          "recovery: (b) one of two engines SIGKILLed: a run of its partition SUCCESS on the survivor {} ms after the kill, the survivor "
              + "owned every partition after {} ms; a third instance closed cleanly: its partitions back on the survivor {} ms after close() returned",
          ms(taken - killed),
          ms(allOwned - killed),
          ms(back - closed));
    }
  }

  @Test
  void aWorkerKilledWhileItRunsATaskLeavesTheRunToAnother() throws Exception {
    String prefix = "rc";
    Map<String, Long> startedOnSurvivor = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> ranOnSurvivor = new ConcurrentHashMap<>();
    Job<Order> job =
        slowJob(
            runId -> {
              startedOnSurvivor.putIfAbsent(runId, System.nanoTime());
              ranOnSurvivor.computeIfAbsent(runId, k -> new AtomicInteger()).incrementAndGet();
              return 1;
            });
    try (RunlogEngine engine = cluster.engine(prefix);
        ChildJvm doomed = CrashWorker.start(cluster.bootstrapServers(), prefix, "doomed");
        Worker survivor =
            Worker.start(
                WorkerConfig.of(cluster.bootstrapServers())
                    .withTopicPrefix(prefix)
                    .withWorkerId("survivor"),
                List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("slow");
      awaitGroupOfTwo(prefix + ".workers." + JobDefinition.DEFAULT_QUEUE);
      List<String> runIds = new ArrayList<>();
      String held = null;
      for (int i = 0; held == null; i++) { // until a run lands on the worker that will be killed
        assertTrue(i < 50, "no run went to the second worker");
        String runId = RunIds.of(client.send("slow.run", "c-" + i, new Order(i), null), "slow");
        runIds.add(runId);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (held == null
            && !startedOnSurvivor.containsKey(runId)
            && Instant.now().isBefore(deadline)) {
          Matcher m = doomed.pollLine(CrashWorker.STARTED);
          held = m == null ? null : m.group(1);
          Api.pause();
        }
      }
      assertTrue(runIds.contains(held), held);

      doomed.kill();
      long killed = System.nanoTime();
      String runHeld = held;
      awaitTrue(
          () -> startedOnSurvivor.containsKey(runHeld),
          "the survivor runs the task of the killed worker");
      long pickedUp = startedOnSurvivor.get(runHeld);
      for (String runId : runIds) {
        await(api, "/api/runs/" + runId, succeeded());
        assertEachTaskRecordedOnce(api, runId, 1);
        assertEquals(1, ranOnSurvivor.get(runId).get(), runId);
      }
      LOG.info(
          "recovery: (c) a worker SIGKILLed while it ran a task: the other worker started it {} ms after the kill",
          ms(pickedUp - killed));
    }
  }

  @Test
  void aWorkerKilledBetweenAnInvokeAndTheChildsEndLeavesOneChildAndTheParentCompletes()
      throws Exception {
    String prefix = "rchild";
    Map<String, AtomicInteger> resized = new ConcurrentHashMap<>();
    Job<Order> resize =
        resizeJob(
            runId -> {
              resized.computeIfAbsent(runId, k -> new AtomicInteger()).incrementAndGet();
              return 64;
            });
    try (RunlogEngine engine = cluster.engine(prefix);
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      String parentId;
      String childId;
      try (ChildJvm doomed = CrashParent.start(cluster.bootstrapServers(), prefix)) {
        api.awaitJob("gallery");
        api.awaitJob("resize");
        parentId = RunIds.of(client.send("gallery.new", "g-1", new Order(1), null), "gallery");
        childId = doomed.awaitLine(CrashParent.CHILD_STARTED).group(1);
        doomed.kill(); // SIGKILL: the parent waits on a child whose execution died with it
      }
      long killed = System.nanoTime();
      try (Worker survivor =
          Worker.start(
              WorkerConfig.of(cluster.bootstrapServers())
                  .withTopicPrefix(prefix)
                  .withWorkerId("survivor"),
              List.of(galleryJob(), resize))) {
        JsonNode parent = await(api, "/api/runs/" + parentId, succeeded());
        assertEquals(64, parent.path("output").asInt());
        JsonNode children = parent.path("children");
        assertEquals(1, children.size(), "one child run: " + children);
        assertEquals(childId, children.get(0).path("runId").asText());
        JsonNode child = await(api, "/api/runs/" + childId, succeeded());
        assertEquals(parentId, child.path("parentRunId").asText());
        assertEquals(1, resized.get(childId).get(), "the child's task ran once on the survivor");
        assertEachTaskRecordedOnce(api, childId, 1);
        LOG.info(
            "recovery: (e) a worker SIGKILLed between a parent's invoke and its child's end: the"
                + " parent succeeded {} ms after the kill",
            ms(System.nanoTime() - killed));
      }
    }
  }

  /**
   * The seed's star job posts to Slack (a local stand-in) exactly once although the worker that
   * posted is SIGKILLed after the post: its completion was durable before the next task began, so
   * the worker that takes the run over replays the post from the log instead of posting again.
   */
  @Test
  void theStarJobPostsToSlackOnceAcrossAWorkerKilledAfterThePost() throws Exception {
    String prefix = "rslack";
    String key = ConnectionCipher.newKey();
    AtomicInteger afterOnSurvivor = new AtomicInteger();
    try (SlackStandIn slack = SlackStandIn.start();
        RunlogEngine engine =
            cluster.engine(
                prefix,
                config ->
                    config.withRest(
                        RestSettings.loopback()
                            .withConnectionsKey(ConnectionCipher.fromBase64(key))));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      String runId;
      try (ChildJvm doomed =
          CrashSlackWorker.start(cluster.bootstrapServers(), prefix, key, slack.baseUrl())) {
        api.awaitJob("new.star");
        Api.Answer put =
            api.put(
                "/api/connections/slack", "{\"type\": \"bearer\", \"token\": \"xoxb-recovery\"}");
        assertEquals(201, put.status(), put.body().toString());
        runId =
            RunIds.of(
                client.send("new.star", "star-1", new Star("ada", "runlog"), null), "new.star");
        assertEquals(runId, doomed.awaitLine(CrashSlackWorker.AFTER_POST).group(1));
        await(
            api,
            "/api/runs/" + runId,
            a ->
                "COMPLETED".equals(a.body().path("tasks").path(0).path("status").asText())
                    && "⭐️ New Star".equals(a.body().path("tasks").path(0).path("key").asText()));
        assertEquals(1, slack.posts().size());
        doomed.kill(); // SIGKILL, between the post's completion and the end of the run
      }
      long killed = System.nanoTime();
      try (Worker survivor =
          Worker.start(
              cluster
                  .worker(prefix, "survivor")
                  .withSetting("connections.key", key)
                  .withSetting(Slack.BASE_URL_SETTING, slack.baseUrl()),
              List.of(starJob(runId2 -> afterOnSurvivor.incrementAndGet())))) {
        JsonNode run = await(api, "/api/runs/" + runId, succeeded());
        assertEquals(1, run.path("output").asInt());
        assertEquals(1, slack.posts().size(), "one post across the kill: " + slack.posts());
        assertEquals("@ada just starred runlog!", slack.posts().get(0).text());
        assertEquals(1, afterOnSurvivor.get());
        assertEachTaskRecordedOnce(api, runId, 2);
        LOG.info(
            "recovery: (f) a worker SIGKILLed after its Slack post: the run succeeded on another"
                + " {} ms after the kill, with one post",
            ms(System.nanoTime() - killed));
      }
    }
  }

  /**
   * The restarted engine rejoined as the static member it was: its consumers carry the id kept in
   * its state dir.
   */
  private static void assertStaticMember(String group, String instanceId) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      ConsumerGroupDescription d =
          admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      assertTrue(!d.members().isEmpty(), "no member in " + group);
      for (var member : d.members()) {
        assertTrue(
            member.groupInstanceId().filter(id -> id.startsWith(instanceId)).isPresent(),
            "member "
                + member.consumerId()
                + " of "
                + group
                + " is not the static member "
                + instanceId
                + ": "
                + member.groupInstanceId());
      }
    }
  }

  /** Waits until group {@code group} has two members with partitions each. */
  private static void awaitGroupOfTwo(String group) {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      awaitTrue(
          () -> {
            try {
              ConsumerGroupDescription d =
                  admin.describeConsumerGroups(List.of(group)).all().get().get(group);
              return d.members().size() == 2
                  && d.members().stream()
                      .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            } catch (Exception e) {
              return false;
            }
          },
          "both workers are in group " + group);
    }
  }

  /** One run id of job {@code pause} per run-events partition. */
  private static List<String> probes(int partitions) {
    Map<Integer, String> byPartition = new HashMap<>();
    for (int i = 0; byPartition.size() < partitions; i++) {
      String runId = RunIds.of("probe-" + i, "pause");
      byPartition.putIfAbsent(
          Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions,
          runId);
    }
    return List.copyOf(byPartition.values());
  }

  /** An event id whose run of job {@code pause} belongs to the instance at {@code owner}. */
  private static String eventOwnedBy(RunlogEngine engine, String owner, String prefix) {
    for (int i = 0; i < 1000; i++) {
      if (owner.equals(engine.ownerOf(RunIds.of(prefix + i, "pause")))) {
        return prefix + i;
      }
    }
    throw new AssertionError("no run belongs to " + owner);
  }

  private static Instant waitRequested(String prefix, String runId) {
    return cluster.events(prefix, runId).stream()
        .map(RunEvent::body)
        .filter(b -> b instanceof RunEventBody.WaitRequested)
        .map(b -> ((RunEventBody.WaitRequested) b).until())
        .findFirst()
        .orElseThrow();
  }

  private static Instant elapsed(String prefix, String runId) {
    return cluster.events(prefix, runId).stream()
        .filter(e -> e.body() instanceof RunEventBody.WaitElapsed)
        .findFirst()
        .orElseThrow()
        .timestamp();
  }

  /**
   * Each task of run {@code runId} completed once in its log (a completion the engine ignored does
   * not count).
   */
  static void assertEachTaskRecordedOnce(Api api, String runId, int tasks) {
    Map<String, Integer> recorded = new HashMap<>();
    for (JsonNode e : api.get("/api/runs/" + runId + "/events").body().path("events")) {
      if ("TaskCompleted".equals(e.path("type").asText()) && e.path("ignored").isNull()) {
        recorded.merge(e.path("body").path("key").asText(), 1, Integer::sum);
      }
    }
    recorded.forEach((key, n) -> assertEquals(1, n, runId + "/" + key + " recorded twice"));
    assertEquals(tasks, recorded.size(), runId);
  }

  private static Predicate<Api.Answer> succeeded() {
    return a -> a.status() == 200 && "SUCCESS".equals(a.body().path("status").asText());
  }

  private static JsonNode await(Api api, String path, Predicate<Api.Answer> done) {
    Api.Answer[] last = new Api.Answer[1];
    awaitTrue(() -> done.test(last[0] = api.get(path)), "GET " + path + " matches");
    assertNotNull(last[0]);
    return last[0].body();
  }

  private static void awaitTrue(Supplier<Boolean> condition, String what) {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      if (condition.get()) {
        return;
      }
      Api.pause();
    }
    throw new AssertionError("never happened: " + what);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
