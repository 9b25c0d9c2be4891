package dev.runlog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The benchmark's workloads against a running engine and worker; each returns its figures. */
final class Workloads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  /**
   * Runs of the latency workload made before it measures: the engine has folded the previous
   * workload's runs (see {@link #settle}) but may still be reading what they left (event-wait
   * records, timers), and a stream thread that just did so much commits on its interval, not at
   * once.
   */
  private static final int LATENCY_RUN_IN = 3;

  /**
   * Where a 1-task run's time goes, from the events' timestamps (milliseconds, one clock: all in
   * one JVM).
   */
  private static final List<String> STAGES =
      List.of(
          "postedToRunCreated",
          "runCreatedToTaskStart",
          "taskStartToRunSucceeded",
          "runSucceededToVisible");

  private final String url;
  private final Topics topics;
  private final Recorder recorder;
  private final LogWatcher watcher;
  private final KafkaProducer<String, byte[]> producer;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * The JIT rounds of a warm-up stop after this long at most (and after 40 ms per warm-up run asked
   * for, so a tiny smoke run makes one round): C2 keeps compiling for about two minutes here.
   */
  static final long JIT_BUDGET_MS = 120_000;

  /** A round in which the compilers used less than this share of a core was quiet. */
  static final double JIT_QUIET_CORES = 0.1;

  /**
   * The compilers are done enough after this many quiet rounds in a row. One quiet round of a
   * second or two said little: after one, the JIT still compiled for 1.6 to 5 s of the next 5 s
   * throughput workload (measured).
   */
  static final int JIT_QUIET_ROUNDS = 3;

  private final CpuClock cpu;

  /** Runs of the benchmark's job sent so far: each one ends SUCCESS. */
  private long sent;

  Workloads(String bootstrapServers, String url, Topics topics, Recorder recorder) {
    this(bootstrapServers, url, topics, recorder, new CpuClock());
  }

  /** Measures CPU with {@code cpu}, which may count engines and workers in other processes. */
  Workloads(String bootstrapServers, String url, Topics topics, Recorder recorder, CpuClock cpu) {
    this.cpu = cpu;
    this.url = url;
    this.topics = topics;
    this.recorder = recorder;
    this.watcher = new LogWatcher(bootstrapServers, topics.runEvents().name());
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("acks", "all");
    p.put("linger.ms", "1");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Runs that are not measured: most in bulk, a tenth one at a time, as the workloads will make
   * them. Then rounds shaped like the throughput workload (a third as many runs, 10 tasks each)
   * until the JIT compilers spent less than a tenth of a core in each of the last three, for at
   * most {@value #JIT_BUDGET_MS} ms: on 2 cores, C2 still compiling (measured: 60% of a core two
   * minutes in) would take its share from the workloads measured next, which an engine up for a
   * while does not pay. (A cap of 20 rounds was 8 s of rounds at the defaults on a fast day: the
   * compilers were still at a core when the workloads began.)
   */
  Map<String, Object> warmUp(int runs) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("runs", runs);
    if (runs <= 0) {
      return figures;
    }
    throughput(runs - runs / 10, 2, 100);
    latency(runs / 10);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return figures;
    }
    int rounds = 0;
    int quietInARow = 0;
    double jitCores;
    long budgetMs = Math.min(JIT_BUDGET_MS, runs * 40L);
    long roundsStarted = System.nanoTime();
    do {
      long jitBefore = jit.getTotalCompilationTime();
      long startedAt = System.nanoTime();
      throughput(Math.max(10, runs / 3), 10, 1000);
      double wallMs = (System.nanoTime() - startedAt) / 1e6;
      jitCores = (jit.getTotalCompilationTime() - jitBefore) / Math.max(1, wallMs);
      quietInARow = jitCores > JIT_QUIET_CORES ? 0 : quietInARow + 1;
      rounds++;
    } while (quietInARow < JIT_QUIET_ROUNDS
        && (System.nanoTime() - roundsStarted) / 1_000_000 < budgetMs);
    figures.put("jitRounds", rounds);
    figures.put("jitRoundsSeconds", (System.nanoTime() - roundsStarted) / 1e9);
    figures.put("jitCoresInLastRound", jitCores);
    return figures;
  }

  /**
   * 1-task runs one at a time: event accepted by the API ({@code 202}) → SUCCESS visible over the
   * API; and from the request, before the API's own work: → SUCCESS, → first task starts.
   */
  Map<String, Object> latency(int runs) throws Exception {
    settle();
    long[] toSuccess = new long[runs];
    long[] fromPost = new long[runs];
    long[] toFirstTask = new long[runs];
    Map<String, List<Double>> stages = new LinkedHashMap<>();
    for (String stage : STAGES) {
      stages.put(stage, new ArrayList<>());
    }
    for (int i = -LATENCY_RUN_IN; i < runs; i++) {
      String eventId = UUID.randomUUID().toString();
      String runId = RunIds.of(eventId, BenchJob.ID);
      String body =
          "{\"name\":\""
              + BenchJob.EVENT
              + "\",\"id\":\""
              + eventId
              + "\",\"payload\":{\"tasks\":1,\"pauseAfter\":false}}";
      long posted = System.nanoTime();
      long postedMillis = System.currentTimeMillis();
      request("POST", "/api/events", body);
      sent++;
      long accepted = System.nanoTime();
      awaitOverApi(runId, "SUCCESS");
      if (i < 0) {
        continue;
      }
      toSuccess[i] = System.nanoTime() - accepted;
      fromPost[i] = System.nanoTime() - posted;
      long visibleMillis = System.currentTimeMillis();
      Recorder.Call task = recorder.calls(runId).get(0);
      // from the request: the API may start the run, and a worker its task, before it answers
      toFirstTask[i] = task.startNanos() - posted;
      Map<String, Long> at = new HashMap<>();
      for (JsonNode e : request("GET", "/api/runs/" + runId + "/events", null).path("events")) {
        at.putIfAbsent(
            e.path("type").asText(), Instant.parse(e.path("timestamp").asText()).toEpochMilli());
      }
      long[] marks = {
        postedMillis,
        at.getOrDefault("RunCreated", 0L),
        task.startMillis(),
        at.getOrDefault("RunSucceeded", 0L),
        visibleMillis
      };
      for (int s = 0; s < STAGES.size(); s++) {
        if (marks[s] > 0 && marks[s + 1] > 0) {
          stages.get(STAGES.get(s)).add((double) (marks[s + 1] - marks[s]));
        } else {
          LOG.warn("run {} has no {} event: left out of the stage figures", runId, STAGES.get(s));
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("eventToSuccess", Stats.of(toSuccess));
    // with the API's own work before it answers (it starts a run that may start at once)
    figures.put("postToSuccess", Stats.of(fromPost));
    figures.put("postToFirstTask", Stats.of(toFirstTask));
    Map<String, Stats> breakdown = new LinkedHashMap<>();
    stages.forEach(
        (stage, millis) ->
            breakdown.put(
                stage, Stats.ofMillis(millis.stream().mapToDouble(Double::doubleValue).toArray())));
    figures.put("stages", breakdown);
    return figures;
  }

  /** Runs of {@code tasks} tasks: from one task's function returning to the next one's starting. */
  Stats perTaskOverhead(int runs, int tasks) throws Exception {
    settle();
    List<Long> gaps = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String runId = send(tasks, false);
      awaitSuccess(runId);
      List<Recorder.Call> calls = recorder.calls(runId);
      for (int t = 1; t < calls.size(); t++) {
        gaps.add(calls.get(t).startNanos() - calls.get(t - 1).endNanos());
      }
    }
    return Stats.of(gaps.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Many runs with up to {@code inFlight} at once: runs/s, tasks/s, events/s and CPU per task by
   * role.
   */
  Map<String, Object> throughput(int runs, int tasks, int inFlight) throws Exception {
    return throughput(runs, tasks, inFlight, null);
  }

  /**
   * {@link #throughput(int, int, int)} of runs whose tasks are timed calls: plain ({@code sendTo}
   * empty) or Kafka sends to {@code sendTo}; null: the benchmark's usual no-op tasks.
   */
  private Map<String, Object> throughput(int runs, int tasks, int inFlight, String sendTo)
      throws Exception {
    settle();
    Semaphore slots = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    Set<String> ours = ConcurrentHashMap.newKeySet();
    watcher.onSuccess(
        id -> {
          if (ours.remove(id)) { // a run of an earlier workload finishing late does not count
            done.incrementAndGet();
            slots.release();
          }
        });
    Map<String, String> failed = new ConcurrentHashMap<>();
    watcher.onFailure(
        (id, error) -> {
          if (ours.remove(id)) { // said at the end: the workload does not wait for it
            failed.put(id, error);
            slots.release();
          }
        });
    RunStages stages = new RunStages();
    watcher.stages(stages);
    long eventsBefore = watcher.events();
    Map<String, Long> cpuBefore = cpu.sample();
    JvmActivity jvmBefore = JvmActivity.now();
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      if (!slots.tryAcquire(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "runs stopped finishing: " + done.get() + " of " + i + " sent");
      }
      String eventId = UUID.randomUUID().toString();
      ours.add(
          RunIds.of(
              eventId, BenchJob.ID)); // before sending: the run may finish before send() returns
      stages.sent(RunIds.of(eventId, BenchJob.ID));
      producer.send(record(eventId, tasks, false, sendTo));
      sent++;
    }
    Instant deadline = Instant.now().plus(DEADLINE);
    while (done.get() + failed.size() < runs && Instant.now().isBefore(deadline)) {
      slots.tryAcquire(100, TimeUnit.MILLISECONDS);
    }
    long nanos = System.nanoTime() - start;
    watcher.onSuccess(id -> {});
    watcher.onFailure((id, error) -> {});
    watcher.stages(null);
    Map<String, Double> cpuSeconds = CpuClock.between(cpuBefore, cpu.sample());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("runsPerSecond", Rate.of(done.get(), nanos));
    figures.put("tasksPerSecond", Rate.of(done.get() * tasks, nanos));
    figures.put("engineEventsPerSecond", Rate.of(watcher.events() - eventsBefore, nanos));
    Map<String, Double> perTask = new LinkedHashMap<>();
    cpuSeconds.forEach((role, s) -> perTask.put(role, s / Math.max(1, done.get() * tasks)));
    figures.put("cpuSecondsPerTask", perTask);
    figures.put("jvm", JvmActivity.now().since(jvmBefore));
    figures.put("stages", stages.figures());
    if (!failed.isEmpty()) {
      throw new IllegalStateException(failed.size() + " of " + runs + " runs failed: " + failed);
    }
    if (done.get() < runs) {
      throw new IllegalStateException(
          "only " + done.get() + " of " + runs + " runs finished; unfinished: " + views(ours));
    }
    return figures;
  }

  /**
   * The engine's CPU per task for runs of each length; the resume of the longest after a durable
   * pause.
   */
  Map<String, Object> growth(List<Integer> lengths) throws Exception {
    Map<String, Object> perLength = new LinkedHashMap<>();
    int longest = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int length : lengths) {
      int runs = Math.max(1, Math.min(50, 10 * longest / Math.max(1, length) / 10));
      Map<String, Long> before = cpu.sample();
      for (int i = 0; i < runs; i++) {
        awaitSuccess(send(length, false));
      }
      double engineSeconds = CpuClock.between(before, cpu.sample()).getOrDefault("engine", 0.0);
      perLength.put(
          String.valueOf(length),
          engineSeconds * 1e6 / ((double) runs * length)); // microseconds per task
    }
    String runId = send(longest, true);
    awaitSuccess(runId);
    JsonNode events = request("GET", "/api/runs/" + runId + "/events", null).path("events");
    long resumedAt = 0;
    for (JsonNode e : events) {
      if ("RunStarted".equals(e.path("type").asText())
          && e.path("body").path("execution").asLong() == 2) {
        resumedAt = Instant.parse(e.path("timestamp").asText()).toEpochMilli();
      }
    }
    Recorder.Call after =
        recorder.calls(runId).stream().filter(c -> c.index() == longest).findFirst().orElseThrow();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("engineMicrosPerTask", perLength);
    figures.put(
        "resumeMillis", Map.of("tasks", longest, "millis", after.startMillis() - resumedAt));
    return figures;
  }

  /**
   * The cost of {@code io.kafka().send} (one record, in a transaction with its completion) against
   * a plain {@code runTask}, each timed as the job's code sees the call: {@code runs} runs of
   * {@code tasks} tasks of each kind one at a time (a run's first send also opens its producer,
   * fences earlier ones and reads the log; its later sends reuse them), then {@code throughputRuns}
   * runs of each kind with up to {@code inFlight} at once.
   */
  Map<String, Object> kafkaSend(
      String bootstrapServers,
      int partitions,
      int runs,
      int tasks,
      int throughputRuns,
      int inFlight)
      throws Exception {
    String topic = topics.runEvents().name().replace(".run-events", ".bench-out");
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
      admin
          .createTopics(
              List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
          .all()
          .get();
    }
    List<Long> plain = new ArrayList<>();
    List<Long> first = new ArrayList<>();
    List<Long> later = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      for (String sendTo : List.of("", topic)) {
        String eventId = UUID.randomUUID().toString();
        producer.send(record(eventId, tasks, false, sendTo)).get();
        String runId = RunIds.of(eventId, BenchJob.ID);
        awaitSuccess(runId);
        for (Recorder.Call call : recorder.calls(runId)) {
          long took = call.endNanos() - call.startNanos();
          (sendTo.isEmpty() ? plain : call.index() == 0 ? first : later).add(took);
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("plainTaskCall", Stats.of(toArray(plain)));
    figures.put("firstSendOfAnExecution", Stats.of(toArray(first)));
    figures.put("laterSend", Stats.of(toArray(later)));
    recorder.clear();
    Map<String, Object> plainRate = throughput(throughputRuns, tasks, inFlight, "");
    recorder.clear();
    Map<String, Object> sendRate = throughput(throughputRuns, tasks, inFlight, topic);
    recorder.clear();
    figures.put("plainTasksPerSecond", plainRate.get("tasksPerSecond"));
    figures.put("sendTasksPerSecond", sendRate.get("tasksPerSecond"));
    figures.put("plainCpuSecondsPerTask", plainRate.get("cpuSecondsPerTask"));
    figures.put("sendCpuSecondsPerTask", sendRate.get("cpuSecondsPerTask"));
    return figures;
  }

  /** A few of {@code runIds} as the API shows them, to say where they stopped. */
  private String views(Set<String> runIds) {
    StringBuilder out = new StringBuilder();
    runIds.stream()
        .limit(3)
        .forEach(
            id -> {
              try {
                out.append('\n').append(request("GET", "/api/runs/" + id, null));
              } catch (Exception e) {
                out.append('\n').append(id).append(": ").append(e);
              }
            });
    return out.toString();
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Waits until the engine has folded every run sent so far (its counts of the job's runs say so
   * many ended SUCCESS): a workload's runs are done once their {@code RunSucceeded} is in the log,
   * which the engine may still be reading, and the next workload would otherwise queue behind that
   * backlog (the first 1-task runs of the latency workload took 90–110 ms so).
   */
  private void settle() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    long succeeded;
    while ((succeeded = succeeded()) < sent) {
      if (Instant.now().isAfter(deadline)) {
        LOG.warn("the engine shows {} of {} runs SUCCESS: going on", succeeded, sent);
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** How many runs of the benchmark's job ended SUCCESS, as the engine counts them. */
  private long succeeded() throws IOException, InterruptedException {
    for (JsonNode job : request("GET", "/api/jobs", null).path("jobs")) {
      if (job.path("id").asText().equals(BenchJob.ID)) {
        return job.path("counts").path("SUCCESS").asLong();
      }
    }
    return 0;
  }

  /** Waits until the engine knows the benchmark's job. */
  void awaitJob() throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!request("GET", "/api/jobs", null).toString().contains("\"" + BenchJob.ID + "\"")) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the engine never saw the benchmark's job");
      }
      Thread.onSpinWait();
    }
  }

  /**
   * After {@code runs} more finished runs: heap in use, state on disk, and how long a restarted
   * engine takes to answer.
   */
  Map<String, Object> stateSize(int runs, RunlogEngine engine, EngineConfig config)
      throws Exception {
    throughput(runs, 1, 1000);
    recorder.clear(); // the benchmark's own record of every task call is not the engine's heap
    System.gc();
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("runs", runs);
    figures.put("heapUsedMB", (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024));
    figures.put("storeOnDiskMB", sizeOf(config.stateDir()) / (1024.0 * 1024));
    engine.close();
    long start = System.nanoTime();
    try (RunlogEngine restarted = RunlogEngine.start(config.withHttpPort(0))) {
      String probe = RunIds.of("never-sent", BenchJob.ID);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(restarted.url() + "/api/runs/" + probe)).GET().build();
      while (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() != 404) {
        Thread.onSpinWait(); // 503 until its stores are restored
      }
      figures.put("restartToQueriesMillis", (System.nanoTime() - start) / 1e6);
    }
    return figures;
  }

  private static long sizeOf(java.nio.file.Path dir) throws IOException {
    try (var paths = java.nio.file.Files.walk(dir)) {
      return paths
          .filter(java.nio.file.Files::isRegularFile)
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }

  private String send(int tasks, boolean pauseAfter) throws Exception {
    String eventId = UUID.randomUUID().toString();
    producer.send(record(eventId, tasks, pauseAfter)).get();
    sent++;
    return RunIds.of(eventId, BenchJob.ID);
  }

  private ProducerRecord<String, byte[]> record(String eventId, int tasks, boolean pauseAfter) {
    return record(eventId, tasks, pauseAfter, null);
  }

  private ProducerRecord<String, byte[]> record(
      String eventId, int tasks, boolean pauseAfter, String sendTo) {
    String payload =
        "{\"tasks\":"
            + tasks
            + ",\"pauseAfter\":"
            + pauseAfter
            + (sendTo == null ? "" : ",\"sendTo\":\"" + sendTo + "\"")
            + "}";
    TriggerEvent event =
        new TriggerEvent(eventId, BenchJob.EVENT, payload, null, Instant.now(), null, "bench");
    return new ProducerRecord<>(
        topics.triggers().name(), eventId, Codecs.TRIGGER_EVENT.encode(event));
  }

  private void awaitSuccess(String runId) throws InterruptedException {
    if (!watcher.awaitSuccess(runId, DEADLINE)) {
      throw new IllegalStateException("run " + runId + " did not succeed in time");
    }
  }

  /**
   * Waits for the run's status with the API's long poll, which also waits while the engine has not
   * made the run yet: one request, as a client would make it.
   */
  private void awaitOverApi(String runId, String status) throws IOException, InterruptedException {
    HttpRequest wait =
        HttpRequest.newBuilder(
                URI.create(url + "/api/runs/" + runId + "?until=" + status + "&timeoutMs=60000"))
            .GET()
            .build();
    Instant deadline = Instant.now().plus(DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = http.send(wait, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        String now = JsonSerde.MAPPER.readTree(response.body()).path("status").asText();
        if (status.equals(now)) {
          return;
        }
        if (response
            .headers()
            .firstValue("Runlog-Wait")
            .orElse("")
            .equals("reached")) { // final, and not the one asked for
          throw new IllegalStateException("run " + runId + " ended " + now + ", not " + status);
        }
      } else if (response.statusCode() == 404) {
        LockSupport.parkNanos(200_000); // not made within the long poll's time-out
      }
    }
    throw new IllegalStateException("run " + runId + " did not reach " + status + " in time");
  }

  private JsonNode request(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json");
    builder =
        body == null
            ? builder.method(method, HttpRequest.BodyPublishers.noBody())
            : builder.method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JsonSerde.MAPPER.readTree(response.body());
  }

  @Override
  public void close() throws InterruptedException {
    producer.close();
    watcher.close();
  }
}
