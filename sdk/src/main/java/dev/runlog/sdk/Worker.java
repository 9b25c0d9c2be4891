package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.topic.TopicSetup;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs: registers them on the {@code jobs} topic, consumes its queue's {@code executions}
 * topic in a consumer group shared with the queue's other workers, and replays each run it is
 * given.
 *
 * <pre>{@code
 * Worker worker = Runlog.worker(stars).start(); // or Worker.start(WorkerConfig, List.of(stars))
 * }</pre>
 *
 * An execution's offset is committed when the run stops on this worker, so a worker that dies
 * leaves its runs to be redelivered to another; that worker reads the log to skip completed tasks.
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final WorkerConfig config;
  private final Map<String, Job<?>> jobs = new LinkedHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final RunAppender appender;
  private final RunLogReader reader;
  private final TransactionalSends sends;
  private final JobCatalog catalog;
  private final Invoker invoker;
  private final ConnectionCatalog connections;
  private final WorkerIntegrations integrations;
  private final AuthResolvers resolvers;
  private final ExecutorService runs;
  private final OffsetTracker offsets = new OffsetTracker();
  private final Map<TopicPartition, Long> freshFrom = new ConcurrentHashMap<>();

  /**
   * Offsets are committed at most this often while polling (and at once on revocation and close):
   * each commit is a write on the broker, and under load the loop polls many times a second. A
   * record delivered again after a crash is caught up from the log, so a later commit only means a
   * little more catching up.
   */
  private static final Duration OFFSET_COMMIT_INTERVAL = Duration.ofMillis(100);

  /**
   * How long giving up partitions in a rebalance waits for their executing runs to finish, at most:
   * see {@link #revokeWait}.
   */
  static final Duration REVOKE_WAIT = Duration.ofSeconds(10);

  /**
   * {@link #REVOKE_WAIT}, or half the consumer's {@code max.poll.interval.ms} if that is less: the
   * wait happens inside a poll, and a member that does not poll again within that interval is put
   * out of the group, which moves all its partitions.
   */
  private final Duration revokeWait;

  /**
   * How long a poll waits for records: they end it at once, so only a worker with runs in flight
   * (offsets to commit soon, a paused consumer to resume) polls often. An idle worker woke ten
   * times a second at 100 ms.
   */
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);

  private static final Duration BUSY_POLL = Duration.ofMillis(100);

  private long lastCommitNanos = System.nanoTime();
  private final Map<String, Execution> inFlight = new ConcurrentHashMap<>();
  private final RanHere ranHere = new RanHere();
  private final ScheduledExecutorService heartbeats;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean killed = new AtomicBoolean(false);
  private final AtomicBoolean closed = new AtomicBoolean(false);
  private final Thread poller;
  private final JobRegistration registration;
  private final CountDownLatch pollStopped = new CountDownLatch(1);
  private volatile RuntimeException pollFailure;
  private final Clock clock = Clock.systemUTC();

  private Worker(WorkerConfig config, List<Job<?>> jobList) {
    this.config = config;
    for (Job<?> job : jobList) {
      if (!job.queue().equals(config.queue())) {
        throw new IllegalArgumentException(
            "job "
                + job.id()
                + " is on queue "
                + job.queue()
                + ", this worker serves "
                + config.queue());
      }
      if (jobs.put(job.id(), job) != null) {
        throw new IllegalArgumentException("two jobs with id " + job.id());
      }
    }
    Topics topics = config.topics();
    createTopics(topics);
    Properties consumerProperties = consumerProperties();
    this.revokeWait = revokeWait(consumerProperties);
    this.producer =
        new KafkaProducer<>(
            producerProperties(), new StringSerializer(), new ByteArraySerializer());
    this.appender = new RunAppender(producer, topics.runEvents().name());
    this.reader = new RunLogReader(topics.runEvents().name(), clientProperties());
    this.sends =
        new TransactionalSends(clientProperties(), config.topicPrefix(), topics.runEvents().name());
    Map<String, JobDefinition> own = new HashMap<>();
    jobs.values()
        .forEach(job -> own.put(job.id(), job.definition(clock.instant(), config.workerId())));
    this.catalog = new JobCatalog(topics.jobs().name(), clientProperties(), own);
    this.invoker = new Invoker(appender, topics.triggers().name(), catalog);
    this.resolvers =
        new AuthResolvers(AuthResolvers.timeoutOf(config.setting(AuthResolvers.TIMEOUT_SETTING)));
    this.connections =
        new ConnectionCatalog(topics.connections().name(), clientProperties(), clock);
    this.integrations =
        new WorkerIntegrations(
            config::setting,
            connections::find,
            topics.connections().name(),
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    warnIfNoConnectionsKey();
    register(topics);
    this.consumer =
        new KafkaConsumer<>(
            consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
    this.runs =
        Executors.newFixedThreadPool(
            config.maxConcurrentRuns(),
            r -> {
              Thread t = new Thread(r, "runlog-run-" + config.workerId());
              t.setDaemon(true);
              return t;
            });
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runlog-heartbeat-" + config.workerId());
              t.setDaemon(true);
              return t;
            });
    heartbeats.scheduleWithFixedDelay(this::heartbeat, 1, 1, TimeUnit.SECONDS);
    consumer.subscribe(executionTopics(topics), new Rebalance());
    this.poller = new Thread(this::poll, "runlog-worker-" + config.workerId());
    poller.start();
    this.registration =
        new JobRegistration(
            clientProperties(), topics.jobs().name(), () -> register(topics), config.workerId());
  }

  /** Registers {@code jobs} and starts executing their runs. */
  public static Worker start(WorkerConfig config, List<Job<?>> jobs) {
    Runlog.warnIfNoLogging();
    return new Worker(config, jobs);
  }

  public WorkerConfig config() {
    return config;
  }

  /**
   * Blocks until this worker takes no more runs: after {@link #close()} or {@link #kill()}, or
   * after an error its consumer cannot get past (another worker took its {@code group.instance.id},
   * the brokers refused its credentials). Returns that error if one stopped it. A process that
   * exists to run a worker should then exit, so that whatever supervises it starts it again (runs
   * it had taken go to other workers of the queue; {@code runlog worker} exits with 7):
   *
   * <pre>{@code
   * Worker worker = Worker.start(config, jobs);
   * worker.awaitStop().ifPresent(error -> System.exit(1));
   * }</pre>
   */
  public Optional<RuntimeException> awaitStop() throws InterruptedException {
    pollStopped.await();
    return Optional.ofNullable(pollFailure);
  }

  /**
   * Sends event {@code name} through this worker's connection: every job listening to it gets a
   * run. Returns the event's id once the event is durable.
   */
  public String send(String name, Object payload) {
    return send(Event.of(name, payload));
  }

  /** Sends {@code event} (an id, a context, a delay) through this worker's connection. */
  public String send(Event event) {
    TriggerEvent trigger = event.toTrigger(clock.instant(), "sdk");
    appender.send(config.topics().triggers().name(), trigger);
    return trigger.id();
  }

  /** Stops taking runs, lets the runs in progress finish (up to 30 s), commits and disconnects. */
  @Override
  public void close() {
    if (killed.get()) {
      if (closed.compareAndSet(false, true)) {
        consumer.close(); // what kill() left hanging
      }
      return;
    }
    if (!running.compareAndSet(true, false)) {
      return;
    }
    registration.close();
    consumer.wakeup();
    join();
    heartbeats.shutdownNow();
    runs.shutdown();
    try {
      runs.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.close();
    sends.close();
    catalog.close();
    connections.close();
    resolvers.close();
    producer.close();
  }

  /**
   * Stops at once as a crash would: writes nothing more, commits nothing, abandons the runs in
   * progress, and leaves its consumer hanging in the group (until the group evicts it, or {@link
   * #close()}). For fault drills and tests; use {@link #close()} otherwise.
   */
  public void kill() {
    killed.set(true);
    running.set(false);
    producer.close(Duration.ZERO); // first, so that an interrupted task cannot append its failure
    sends.kill(); // nor commit a Kafka send
    registration.close();
    heartbeats.shutdownNow();
    runs.shutdownNow();
    join();
    reader.close();
    catalog.close();
    connections.close();
    resolvers.close();
  }

  private void poll() {
    try {
      while (running.get()) {
        ConsumerRecords<String, byte[]> batch =
            consumer.poll(
                inFlight.isEmpty() && consumer.paused().isEmpty() ? IDLE_POLL : BUSY_POLL);
        Superseded superseded = Superseded.in(batch);
        for (ConsumerRecord<String, byte[]> record : batch) {
          accept(record, superseded);
        }
        throttle();
        if (System.nanoTime() - lastCommitNanos >= OFFSET_COMMIT_INTERVAL.toNanos()) {
          commit();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!killed.get()) {
        if (running.get()) { // not an error of closing
          pollFailure = e;
        }
        LOG.error("worker {} stopped polling", config.workerId(), e);
      }
    } finally {
      try {
        if (!killed.get()) {
          commit();
          consumer.close();
        } // killed: the consumer is left hanging, as a crashed process leaves it, until close()
      } finally {
        pollStopped.countDown();
      }
    }
  }

  /**
   * Starts an execution for a record, or passes a cancel notice to the execution it concerns. An
   * execution that a later record of the same batch supersedes (a newer execution of its run, or a
   * stop notice) is skipped before it runs anything: a worker catching up on a backlog does not run
   * what the engine has already moved past.
   */
  private void accept(ConsumerRecord<String, byte[]> record, Superseded superseded) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    ExecuteRun command = superseded.command(record);
    if (command == null) {
      LOG.error(
          "skipping unreadable execution at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset());
      offsets.skipped(tp, record.offset());
      return;
    }
    Job<?> job = jobs.get(command.jobId());
    if (job == null) { // its topic is one of ours, so only a hand-written record gets here
      LOG.error(
          "skipping run {} of job {}, which this worker does not have",
          command.runId(),
          command.jobId());
      offsets.skipped(tp, record.offset());
      return;
    }
    if (superseded.isSuperseded(record)) {
      LOG.debug(
          "skipping execution {} of run {}: a later record of its run supersedes it",
          command.execution(),
          command.runId());
      offsets.skipped(tp, record.offset());
      return;
    }
    Execution current = inFlight.get(command.runId());
    boolean runningHere = current != null && current.command().execution() == command.execution();
    if (runningHere && command.cancelRequested()) {
      current.cancel();
      return;
    }
    // The same dispatch read again while this worker still runs it: a partition given up after
    // the revocation's wait ran out and then given back is read again from its committed offset,
    // the oldest run executing (Kafka's default eager rebalancing did this on every rebalance).
    // Or one that ran here already: the API wrote the run's start twice (RanHere). A second copy
    // would run the task in flight, or the run's tasks, a second time.
    String copyOf =
        runningHere
            ? "is already running here"
            : !command.cancelRequested() && ranHere.already(command.runId(), command.execution())
                ? "already ran here"
                : null;
    if (copyOf != null) {
      LOG.info(
          "run {} execution {} {}: its copy is skipped",
          command.runId(),
          command.execution(),
          copyOf);
      offsets.skipped(tp, record.offset());
      return;
    }
    // a copy the engine sent again may follow a first copy that ran: the log says what it did
    boolean maybeRedelivered =
        record.offset() < freshFrom.getOrDefault(tp, Long.MAX_VALUE)
            || record.headers().lastHeader(ExecuteRun.RESENT_HEADER) != null;
    Execution execution =
        new Execution(
            command,
            job,
            config,
            appender,
            clock,
            killed::get,
            invoker,
            integrations,
            sends,
            resolvers);
    if (!command.cancelRequested()) {
      inFlight.put(command.runId(), execution);
    }
    long owned = offsets.started(tp, record.offset());
    runs.execute(
        () -> {
          if (!offsets.begin(tp, record.offset(), owned)) {
            inFlight.remove(command.runId(), execution);
            LOG.info(
                "run {} execution {} not begun: its partition went to another worker, which runs it",
                command.runId(),
                command.execution());
            return;
          }
          try {
            execute(execution, maybeRedelivered);
          } finally {
            ranHere.ran(command.runId(), command.execution());
            inFlight.remove(command.runId(), execution);
            offsets.done(tp, record.offset(), owned);
          }
        });
  }

  private void execute(Execution execution, boolean maybeRedelivered) {
    ExecuteRun command = execution.command();
    try {
      Map<String, String> caughtUp = Map.of();
      if (maybeRedelivered) {
        RunLogReader.CatchUp catchUp = reader.read(command);
        if (catchUp.finished() || catchUp.superseded()) {
          LOG.info(
              "run {} execution {} is already {}",
              command.runId(),
              command.execution(),
              catchUp.finished() ? "finished" : "superseded");
          return;
        }
        caughtUp = catchUp.completedTasks();
      }
      execution.run(caughtUp);
    } catch (RuntimeException e) {
      if (!killed.get()) {
        LOG.error(
            "execution {} of run {} stopped: {}",
            command.execution(),
            command.runId(),
            e.getMessage(),
            e);
      }
    }
  }

  private void heartbeat() {
    Instant now = clock.instant();
    for (Execution execution : inFlight.values()) {
      try {
        execution.heartbeatIfQuiet(now);
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of run {} failed: {}", execution.command().runId(), e.getMessage());
      }
    }
  }

  /**
   * Pauses fetching while every run slot is busy, so records wait in Kafka rather than in memory.
   */
  private void throttle() {
    if (offsets.inFlight() >= config.maxConcurrentRuns()) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void commit() {
    if (killed.get()) {
      return; // a crash commits nothing, not even the runs that kill() interrupted out of their
      // task
    }
    lastCommitNanos = System.nanoTime();
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> ready =
        offsets.committable();
    if (!ready.isEmpty()) {
      consumer.commitAsync(
          ready,
          (o, e) -> {
            if (e != null) {
              offsets.commitFailed(o);
              if (!(e instanceof RebalanceInProgressException)) { // refused while it rebalances
                LOG.warn("offset commit failed: {}", e.getMessage());
              }
            }
          });
    }
  }

  private void join() {
    if (Thread.currentThread() != poller) {
      try {
        poller.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void register(Topics topics) {
    for (Job<?> job : jobs.values()) {
      JobDefinition definition = job.definition(clock.instant(), config.workerId());
      try {
        producer
            .send(
                new ProducerRecord<>(
                    topics.jobs().name(), job.id(), Codecs.JOB_DEFINITION.encode(definition)))
            .get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while registering job " + job.id(), e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "cannot register job " + job.id() + ": " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /** True when a job of this worker reads a connection the engine stores. */
  private boolean usesManagedConnections() {
    return jobs.values().stream()
        .flatMap(job -> job.integrations().stream())
        .anyMatch(d -> d.use().managed());
  }

  /** Says at the start, rather than at a run's first call, that connections cannot be opened. */
  private void warnIfNoConnectionsKey() {
    if (usesManagedConnections() && config.setting(WorkerIntegrations.CONNECTIONS_KEY).isEmpty()) {
      LOG.warn(
          "worker {} runs jobs with managed connections but has no {} (RUNLOG_CONNECTIONS_KEY):"
              + " their integration calls will fail",
          config.workerId(),
          WorkerIntegrations.CONNECTIONS_KEY);
    }
  }

  /** The executions topics of this worker's jobs. */
  private List<String> executionTopics(Topics topics) {
    return jobs.keySet().stream().map(id -> topics.executions(id).name()).toList();
  }

  /**
   * The topics this worker uses, created if the engine has not yet (either may start first). A
   * job's executions topic exists before the job is registered, so the engine never dispatches to a
   * topic that is missing; it takes the partitions of run-events where that exists already.
   */
  private void createTopics(Topics topics) {
    Properties client = clientProperties();
    List<String> shared = new ArrayList<>(List.of(topics.jobs().name(), topics.runEvents().name()));
    if (usesManagedConnections()) {
      shared.add(topics.connections().name()); // its catalog reads it, whoever starts first
    }
    TopicSetup.ensure(client, topics, shared, Optional.empty(), Optional.empty());
    TopicSetup.ensureLike(client, topics, executionTopics(topics), topics.runEvents().name());
  }

  private Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", config.bootstrapServers());
    p.put("client.id", config.workerId());
    p.putAll(config.kafka());
    return p;
  }

  private Properties producerProperties() {
    Properties p = clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return p;
  }

  private Properties consumerProperties() {
    Properties p = clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.topicPrefix() + ".workers." + config.queue());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed"); // never act on an aborted dispatch
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    groupDefaults(p);
    return p;
  }

  /**
   * The group settings a worker's consumer gets unless its Kafka settings choose them: none under
   * the {@code consumer} group protocol, where the broker sets them.
   */
  static void groupDefaults(Properties p) {
    if (!"consumer".equalsIgnoreCase(String.valueOf(p.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
      // A killed worker's executions reach another worker once the group evicts it: 10 s rather
      // than Kafka's 45 s. Heartbeats come from the consumer's own thread, so busy run threads do
      // not stop them.
      p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
      int session =
          Integer.parseInt(String.valueOf(p.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)));
      p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.min(3_000, session / 3));
      // Incremental rebalancing: a worker joining or leaving moves only the partitions that change
      // owner, so the others' runs neither wait (Rebalance) nor stop. Kafka's default (range first)
      // revokes every partition of every member on each rebalance. Workers on that default list
      // this assignor too, so a rolling upgrade keeps one group.
      p.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
  }

  static Duration revokeWait(Properties consumer) {
    Object interval = consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    if (interval == null) {
      return REVOKE_WAIT;
    }
    Duration half = Duration.ofMillis(Long.parseLong(String.valueOf(interval)) / 2);
    return half.compareTo(REVOKE_WAIT) < 0 ? half : REVOKE_WAIT;
  }

  /**
   * Remembers where fresh records start on each new partition, and commits before giving one up.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
      freshFrom.putAll(ends);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!killed.get() && !partitions.isEmpty()) {
        // Runs accepted but still queued for a thread do not begin: the next owner gets them again.
        // It gets again every run still executing here too and would run its task in flight a
        // second time: let those finish first (a rebalance waits for this), up to a bound, so that
        // a long task delays the group only that long
        offsets.givingUp(partitions);
        try {
          if (!offsets.awaitDone(partitions, System.nanoTime() + revokeWait.toNanos())) {
            LOG.warn(
                "worker {} gives up {} with runs still executing after {} ms: their next owner"
                    + " may run the tasks in flight again",
                config.workerId(),
                partitions,
                revokeWait.toMillis());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> ready =
            offsets.committable();
        if (!ready.isEmpty()) {
          try {
            consumer.commitSync(ready);
          } catch (KafkaException e) {
            // the next owner starts further back and catches those runs up from the log
            offsets.commitFailed(ready);
            LOG.warn("offset commit on giving up {} failed: {}", partitions, e.getMessage());
          }
        }
      }
      forget(partitions);
    }

    /**
     * Partitions taken away without a revocation (this worker was put out of the group): another
     * worker may own them already, so there is nothing to wait for and no commit would be taken.
     */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      LOG.warn("worker {} lost {}: it was out of its group", config.workerId(), partitions);
      offsets.givingUp(partitions);
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      partitions.forEach(
          tp -> {
            offsets.forget(tp);
            freshFrom.remove(tp);
          });
    }
  }
}
