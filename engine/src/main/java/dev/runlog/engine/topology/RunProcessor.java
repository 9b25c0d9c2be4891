package dev.runlog.engine.topology;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.connection.ConnectionDirectory;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.history.HistoryEntry;
import dev.runlog.engine.history.LogLine;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.index.RunSummary;
import dev.runlog.engine.job.JobChanges;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.retention.EventPartitions;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.run.ChildLink;
import dev.runlog.engine.run.Decision;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.RunMachine;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.TaskStatus;
import dev.runlog.engine.run.Touched;
import dev.runlog.engine.run.WaitState;
import dev.runlog.engine.store.Staging;
import dev.runlog.engine.timer.Alarm;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.execution.WaitSnapshot;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell around {@link RunMachine}: for each event read from {@code run-events} (and
 * each timer that comes due) it loads the state the event touches, asks the machine, folds with
 * {@code evolve}, saves, and writes what was decided: engine events, timers, admission messages,
 * executions. Engine events are folded as they are written, and skipped by their header when they
 * come back on {@code run-events}.
 *
 * <p>All or nothing per record, and per fired timer: the stores are read and written through a
 * {@link Staging}, which also holds the forwards, and what was staged goes out only once the whole
 * record was decided and carried out. A record whose processing throws leaves its run as it was and
 * goes to dead letters with the exception; the next record is processed as usual.
 */
public final class RunProcessor implements Processor<String, byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);
  private static final int TIMERS_PER_TICK = 10_000;

  private final RunCounters counters;
  private final Duration tick;
  private final JobChanges jobChanges;
  private final CommitPacer pacer;
  private final RunWatch watch;
  private final Retention retention;
  private final ConnectionDirectory connections;
  private final Staging staging = new Staging();
  private final RunProgress progress;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RunState> runs;
  private KeyValueStore<String, RunInput> inputs;
  private KeyValueStore<String, TaskState> tasks;
  private KeyValueStore<String, WaitState> waits;
  private KeyValueStore<String, ChildLink> children;
  private TimerStore timers;
  private KeyValueStore<String, byte[]> history;
  private KeyValueStore<String, byte[]> historyStore; // unstaged: for what a staging cannot do
  private KeyValueStore<String, LogLine> logs;
  private KeyValueStore<String, RunSummary> jobRuns;
  private KeyValueStore<String, Long> jobCounts;
  private KeyValueStore<String, String> payloadFields;
  private JobRegistry jobs;
  private Policies policies;
  private RunExpiry expiry;
  private ConnectionWaits connectionWaits;

  /**
   * How old the latest record read was when it was read: near zero when the engine keeps up, large
   * while it works through a backlog (an idle partition keeps the small value of its last record).
   * Unknown, so as large as the machine allows, until the first record after a (re)start: the
   * heartbeats of live workers may be waiting unread behind the downtime.
   */
  private long lastRecordLagMs = Long.MAX_VALUE;

  /**
   * @param connections which managed connections exist: a run that needs one that does not waits
   *     for it, WAITING_ON_CONNECTIONS
   * @param liveRuns runs whose progress is kept in memory ({@link RunProgress}); the others have it
   *     rebuilt from the stores when next read
   * @param jobChanges counts the changes to the jobs store (null: read it on every call)
   */
  RunProcessor(
      RunCounters counters,
      Duration tick,
      CommitPacer pacer,
      RunWatch watch,
      Retention retention,
      ConnectionDirectory connections,
      int liveRuns,
      JobChanges jobChanges) {
    this.jobChanges = jobChanges;
    this.progress = new RunProgress(liveRuns);
    this.counters = counters;
    this.tick = tick;
    this.pacer = pacer;
    this.watch = watch;
    this.retention = retention;
    this.connections = connections;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.runs = staging.stage(context.getStateStore(RunStores.RUNS));
    this.inputs = staging.stage(context.getStateStore(RunStores.INPUTS));
    this.tasks = staging.stage(context.getStateStore(RunStores.TASKS));
    this.waits = staging.stage(context.getStateStore(RunStores.WAITS));
    this.children = staging.stage(context.getStateStore(RunStores.CHILDREN));
    KeyValueStore<String, Timer> timerStore = context.getStateStore(TimerStore.NAME);
    this.timers = new TimerStore(staging.stage(timerStore));
    progress.clear(); // a task revived after a crash is initialized again: its stores were rebuilt
    this.historyStore = context.getStateStore(RunHistory.EVENTS);
    this.history = staging.stage(historyStore);
    this.logs = staging.stage(context.getStateStore(RunHistory.LOGS));
    this.jobRuns = staging.stage(context.getStateStore(JobRunIndex.RUNS));
    this.jobCounts = staging.stage(context.getStateStore(JobRunIndex.COUNTS));
    this.payloadFields = staging.stage(context.getStateStore(PayloadIndex.STORE));
    KeyValueStore<String, byte[]> jobStore = context.getStateStore(EngineTopology.JOBS_STORE);
    this.jobs = new JobRegistry(jobStore, jobChanges);
    this.policies = new Policies(jobs);
    Alarm.forTimers(context, tick, timers, this::fireTimers);
    this.expiry = new RunExpiry(retention, context, staging, progress::forget);
    expiry.schedule(tick);
    this.connectionWaits =
        new ConnectionWaits(
            connections, staging.stage(context.getStateStore(ConnectionWaits.STORE)));
    connectionWaits.schedule(context, this::resolveConnections);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    pacer.arrived(context, record.timestamp());
    lastRecordLagMs = context.currentSystemTimeMs() - record.timestamp();
    if (EngineTopology.isFolded(record.headers())) {
      return;
    }
    RunEvent event;
    try {
      event = decode(record);
    } catch (DecodeException e) {
      LOG.warn("run event sent to dead letters: {}", e.getMessage());
      DeadLetters.send(context, keyBytes(record), record.value(), e.getMessage());
      counters.deadLetter();
      return;
    }
    RunEvent decoded = event;
    RuntimeException failed = attempt(() -> handle(record, decoded));
    if (failed != null) {
      String reason = DeadLetters.sendFailed(context, keyBytes(record), record.value(), failed);
      counters.processingError();
      LOG.error(
          "{} of {} sent to dead letters, the run left as it was: {}",
          event.type(),
          event.runId(),
          reason,
          failed);
    }
  }

  /**
   * The run event {@code record} holds, when the engine can take it: readable, about the run its
   * key names, and no larger than its stores and records can copy.
   */
  private static RunEvent decode(Record<String, byte[]> record) {
    String problem =
        record.value() == null
            ? null
            : RecordLimits.sizeProblem(
                "a run event", record.value().length, RecordLimits.RUN_EVENT_BYTES);
    if (problem != null) { // no writer of runlog's makes one this large
      throw new DecodeException(problem);
    }
    RunEvent event = Codecs.RUN_EVENT.decode(record.value());
    if (!event.runId().equals(record.key())) {
      throw new DecodeException(
          "record key " + record.key() + " is not the event's run id " + event.runId());
    }
    problem = RecordLimits.nameProblem("task key", RunMachine.taskKey(event.body()));
    if (problem == null) {
      problem = RecordLimits.nameProblem("wait key", RunMachine.waitKey(event.body()));
    }
    if (problem != null) { // each is a store key, and in the value it keys
      throw new DecodeException("run event's " + problem);
    }
    return event;
  }

  private void handle(Record<String, byte[]> record, RunEvent event) {
    Instant now = now();
    Touched state = load(event.runId(), event.body());
    if (startedAhead(record, event, state)) {
      return; // folded with its RunCreated, which carried it
    }
    RunPolicy policy =
        policy(
            state.run() != null
                ? state.run().jobId()
                : event.body() instanceof RunCreated c ? c.jobId() : null);
    Decision decision = RunMachine.decide(state, event, policy, now, connections::exists);
    if (decision instanceof Decision.Ignore ignore) {
      staging.afterwards(() -> counters.ignored(ignore.reason()));
      LOG.debug("ignored {} of {}: {}", event.type(), event.runId(), ignore.reason());
      if (state.run() != null) { // the history shows what was ignored, and why
        RunState run = state.run();
        RunHistory.record(history, run.runId(), run.eventCount(), record.value(), ignore.reason());
        save(run, run.toBuilder().eventCount(run.eventCount() + 1).build());
        if (event.body() instanceof RunCreated) { // the same event, sent again under another key
          expiry.alsoFrom(run.runId(), EventPartitions.of(record.headers()));
        }
      }
      return;
    }
    if (event.body() instanceof RunCreated c) {
      inputs.put(
          event.runId(),
          new RunInput(
              c.payload(),
              c.context(),
              c.eventTimestamp(),
              c.replayOf(),
              EventPartitions.with(List.of(), EventPartitions.of(record.headers()))));
    }
    long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
    Touched applied = apply(state, event, record.value(), offset, policy);
    if (event.body() instanceof RunCreated c) { // once per run: a payload never changes
      PayloadIndex.add(payloadFields, applied.run(), c.payload());
    }
    Decision.Accept accept = (Decision.Accept) decision;
    if (EngineTopology.isDispatched(record.headers())) {
      // The trigger processor carried out this run's start in one transaction: the RunCreated, the
      // RunStarted after it, the dispatch. The timers are left to do, and they come with
      // RunCreated.
      accept = event.body() instanceof RunCreated ? accept.timersOnly() : Decision.Accept.FOLD;
    }
    carryOut(event.runId(), accept, now, policy);
    if (event.body() instanceof RunCreated && EngineTopology.isDispatched(record.headers())) {
      foldCarried(record, event, offset, policy, now);
    }
    if (event.body() instanceof RunEventBody.EventWaitRequested w
        && (state.waitState() == null || !state.waitState().elapsed())) {
      // the matcher owns the event's name: it resolves the wait when a matching event comes
      staging.forward(EventWaits.registration(header(event.runId()), w, now), EventWaits.SINK);
    }
  }

  /**
   * Folds the events a dispatched {@code RunCreated} carries ({@link EngineTopology#THEN_HEADER}),
   * each as if it were the next record: the run's start is then written once (header, index,
   * counts). One that cannot be read or is not accepted is left to its own record.
   */
  private void foldCarried(
      Record<String, byte[]> record, RunEvent created, long offset, RunPolicy policy, Instant now) {
    for (byte[] bytes : EngineTopology.then(record.headers())) {
      RunEvent next;
      try {
        next = Codecs.RUN_EVENT.decode(bytes);
      } catch (DecodeException e) {
        LOG.warn("run {}: an event its RunCreated carries is unreadable: {}", created.runId(), e);
        return;
      }
      Touched before = load(created.runId(), next.body());
      if (!next.runId().equals(created.runId())
          || !(RunMachine.decide(before, next, policy, now, connections::exists)
              instanceof Decision.Accept)) {
        return;
      }
      apply(before, next, bytes, offset, policy);
    }
  }

  /**
   * A dispatched {@code RunStarted} whose execution the run has already started: its {@code
   * RunCreated} carried it ({@link #foldCarried}). Skipped without a write.
   */
  private static boolean startedAhead(
      Record<String, byte[]> record, RunEvent event, Touched state) {
    return event.body() instanceof RunEventBody.RunStarted started
        && EngineTopology.isDispatched(record.headers())
        && state.run() != null
        && state.run().execution() >= started.execution();
  }

  /**
   * Fires the timers that are due; each is decided against its run's state as it is now. A timer
   * whose firing throws is dropped (it would throw again at every tick) and goes to dead letters.
   */
  private void fireTimers(
      long wallClockMs) { // a punctuation is not a record: it does not count as load for the pacer
    Instant now = Instant.ofEpochMilli(wallClockMs);
    Duration lag = Duration.ofMillis(Math.max(0, lastRecordLagMs));
    List<Timer> due = timers.takeDue(now, TIMERS_PER_TICK);
    staging.writeOut(context); // taken, whatever comes of each
    for (Timer timer : due) {
      RuntimeException failed = attempt(() -> fire(timer, now, lag));
      if (failed != null) {
        String reason = "timer failed: " + DeadLetters.describe(failed);
        DeadLetters.sendOther(
            context,
            TimerStore.NAME,
            timer.runId().getBytes(StandardCharsets.UTF_8),
            timer.toString().getBytes(StandardCharsets.UTF_8),
            reason);
        counters.processingError();
        LOG.error(
            "{} timer of {} sent to dead letters, the run left as it was: {}",
            timer.kind(),
            timer.runId(),
            reason,
            failed);
      }
    }
  }

  private void fire(Timer timer, Instant now, Duration lag) {
    RunState run = header(timer.runId());
    WaitState wait =
        timer.kind() == Timer.Kind.WAIT && run != null
            ? waits.get(RunStores.stepKey(timer.runId(), timer.key()))
            : null;
    RunPolicy policy = policy(run == null ? null : run.jobId());
    Decision decision =
        RunMachine.onTimer(
            new Touched(run, null, wait), timer, policy, now, lag, connections::exists);
    if (decision instanceof Decision.Accept accept) {
      carryOut(timer.runId(), accept, now, policy);
    } else {
      LOG.debug(
          "timer {} of {} did nothing: {}",
          timer.kind(),
          timer.runId(),
          ((Decision.Ignore) decision).reason());
    }
  }

  /**
   * Starts the runs WAITING_ON_CONNECTIONS whose connections all exist now; reads nothing unless
   * the connections changed or a run started waiting since the last time ({@link ConnectionWaits}).
   */
  private void resolveConnections(long wallClockMs) {
    List<String> waiting = connectionWaits.toCheck();
    if (waiting.isEmpty()) {
      return;
    }
    Instant now = Instant.ofEpochMilli(wallClockMs);
    for (String runId : waiting) {
      RuntimeException failed =
          attempt(
              () -> {
                RunState run = header(runId);
                RunPolicy policy = policy(run == null ? null : run.jobId());
                Decision decision =
                    RunMachine.onConnections(
                        new Touched(run, null, null), policy, now, connections::exists);
                if (decision instanceof Decision.Accept accept) {
                  carryOut(runId, accept, now, policy);
                } else if (run == null || run.status() != RunStatus.WAITING_ON_CONNECTIONS) {
                  connectionWaits.done(runId); // gone without the index knowing: forget it
                }
              });
      if (failed != null) {
        counters.processingError();
        LOG.error("starting run {} on its connections failed; it waits on", runId, failed);
      }
    }
  }

  private void carryOut(String runId, Decision.Accept accept, Instant now, RunPolicy policy) {
    for (RunEventBody body : accept.then()) {
      RunEvent derived = RunEvent.engine(runId, now, body);
      apply(load(runId, body), derived, Codecs.RUN_EVENT.encode(derived), -1, policy);
      staging.forward(
          EngineTopology.runEventRecord(derived, now.toEpochMilli(), true),
          EngineTopology.RUN_EVENTS_SINK);
    }
    accept.timers().forEach(timers::add);
    for (AdmissionMessage message : accept.admission()) {
      staging.forward(
          new Record<Object, Object>(message.limitKey(), message, now.toEpochMilli()),
          EngineTopology.ADMISSION_SINK);
    }
    for (RunEvent other : accept.others()) {
      staging.forward(
          EngineTopology.runEventRecord(other, now.toEpochMilli(), false),
          EngineTopology.RUN_EVENTS_SINK);
    }
    if (accept.dispatch()) {
      dispatch(runId, now, resends(accept));
    }
    if (!accept.then().isEmpty()
        || !accept.admission().isEmpty()
        || !accept.others().isEmpty()
        || accept.dispatch()) {
      pacer.wrote(context);
    }
  }

  private Touched load(String runId, RunEventBody body) {
    RunState run = header(runId);
    if (run == null) {
      return Touched.NOTHING;
    }
    String taskKey = RunMachine.taskKey(body);
    String waitKey = RunMachine.waitKey(run, body);
    return new Touched(
        run,
        taskKey == null || progress.hasNoTask(runId, taskKey)
            ? null
            : tasks.get(RunStores.stepKey(runId, taskKey)),
        waitKey == null ? null : waits.get(RunStores.stepKey(runId, waitKey)));
  }

  /**
   * Folds {@code event} in and saves what changed: the header once, the task or wait it touched,
   * its history entry, the job's index.
   *
   * @param encoded the event's bytes, kept in the run's history
   * @param offset the event's run-events offset when it was read from there, else -1 (the header
   *     keeps its last)
   */
  private Touched apply(
      Touched before, RunEvent event, byte[] encoded, long offset, RunPolicy policy) {
    Touched evolved = RunMachine.evolve(before, event, policy);
    long seq = before.run() == null ? 0 : before.run().eventCount();
    RunState.Builder header = evolved.run().toBuilder().eventCount(seq + 1);
    if (offset >= 0) {
      header.logOffset(offset);
    }
    TaskState task = evolved.task();
    if (task != null && before.task() != null && before.task().completion() != null) {
      if (!task.equals(before.task())) { // a stray event for a completed task: keep its entry
        RunHistory.keepCompletion(history, event.runId(), before.task());
      }
    }
    TaskState.Completion completion = RunHistory.completion(event, seq, task);
    if (completion != null) {
      task = task.withCompletion(completion); // the task is its history entry: one write
    }
    Touched after = new Touched(header.build(), task, evolved.waitState());
    save(before.run(), after.run());
    if (completion == null) {
      RunHistory.record(history, event.runId(), seq, encoded, null);
    }
    if (event.body() instanceof RunEventBody.LogWritten line) {
      RunHistory.log(logs, event, line);
    }
    JobRunIndex.update(jobRuns, jobCounts, before.run(), after.run());
    if (event.body() instanceof RunEventBody.TaskCompleted
        && after.task() != null
        && after.task().startedAt() != null) {
      Duration took = Duration.between(after.task().startedAt(), after.task().finishedAt());
      staging.afterwards(() -> counters.taskCompleted(took));
    }
    if (after.task() != null) {
      tasks.put(RunStores.stepKey(event.runId(), after.task().key()), after.task());
      progress.taskWritten(event.runId(), after.task().key());
    }
    if (after.waitState() != null) {
      waits.put(RunStores.stepKey(event.runId(), after.waitState().key()), after.waitState());
    }
    if (event.body() instanceof RunEventBody.ChildRunCreated c) {
      children.put(
          RunStores.stepKey(event.runId(), c.childRunId()),
          new ChildLink(c.key(), c.childRunId(), c.jobId(), event.timestamp()));
    }
    if (event.body() instanceof RunEventBody.RunWaitingOnConnections w) {
      connectionWaits.waiting(event.runId(), w.connections(), event.timestamp());
    } else if (before.run() != null
        && before.run().status() == RunStatus.WAITING_ON_CONNECTIONS
        && after.run().status() != RunStatus.WAITING_ON_CONNECTIONS) {
      connectionWaits.done(event.runId());
    }
    if (before.run() == null || before.run().status() != after.run().status()) {
      RunStatus status = after.run().status();
      if (status.isFinal() && (before.run() == null || !before.run().status().isFinal())) {
        expiry.finished(after.run()); // one timer per run, at its end: nothing per task
      }
      staging.afterwards(
          () -> { // once the stores show it: a waiter woken reads the new status
            counters.transition(status);
            watch.changed(event.runId());
          });
    }
    return after;
  }

  /** True when {@code accept} sends the current execution again ({@link RunMachine#RESENT}). */
  private static boolean resends(Decision.Accept accept) {
    return accept.then().stream()
        .anyMatch(
            b -> b instanceof RunEventBody.RunStarted s && RunMachine.RESENT.equals(s.reason()));
  }

  /**
   * Sends the run's current state to a worker: to run it, or, when it must stop, to tell it so.
   *
   * @param resent the execution was sent before: marked so that the worker reads the log first
   */
  private void dispatch(String runId, Instant now, boolean resent) {
    RunState run = header(runId);
    RunInput input = inputs.get(runId);
    List<TaskSnapshot> taskSnapshots =
        RunStores.tasks(tasks, runId).stream()
            .map(
                t ->
                    new TaskSnapshot(
                        t.key(),
                        t.status() == TaskStatus.COMPLETED,
                        t.output(),
                        t.attemptsNow(run),
                        t.attemptsNow(run) == 0 ? null : t.error(),
                        t.failedNow(run)))
            .toList();
    List<WaitSnapshot> waitSnapshots =
        RunStores.waits(waits, runId).stream()
            .map(w -> new WaitSnapshot(w.key(), w.until(), w.elapsed(), w.result()))
            .toList();
    JobDefinition job = jobs.get(run.jobId());
    boolean stop = run.cancelRequested() || run.status().isFinal();
    ExecuteRun execute =
        new ExecuteRun(
            runId,
            run.jobId(),
            run.jobVersion(),
            run.execution(),
            input.payload(),
            input.context(),
            run.eventId(),
            run.eventName(),
            input.eventTimestamp(),
            run.createdAt(),
            taskSnapshots,
            waitSnapshots,
            context.taskId().partition(),
            run.logOffset(),
            job == null ? null : job.sliceMillis(),
            stop);
    byte[] encoded = Codecs.EXECUTE_RUN.encode(execute);
    if (encoded.length > RecordLimits.DISPATCH_BYTES) {
      if (!stop) {
        failTooLarge(runId, encoded.length, now);
        return;
      }
      // a stop notice needs no tasks: the worker only stops the execution
      execute = execute.withoutSteps();
      encoded = Codecs.EXECUTE_RUN.encode(execute);
    }
    Record<Object, Object> out =
        new Record<Object, Object>(
            runId, new EncodedDispatch(run.jobId(), encoded), now.toEpochMilli());
    if (resent) {
      out.headers().add(ExecuteRun.RESENT_HEADER, new byte[] {1});
    }
    staging.forward(out, EngineTopology.EXECUTIONS_SINK);
  }

  /**
   * The run cannot be dispatched: what a worker needs to replay it is more than one record may
   * hold. It fails, saying so, rather than fail every transaction its dispatch would be in.
   */
  private void failTooLarge(String runId, int bytes, Instant now) {
    String reason =
        "the run cannot be replayed: its payload and the outputs of its completed tasks take "
            + bytes
            + " bytes, more than the "
            + RecordLimits.DISPATCH_BYTES
            + " bytes that one dispatch to a worker may have";
    LOG.warn("run {} failed: {}", runId, reason);
    RunState run = header(runId);
    RunPolicy policy = policy(run == null ? null : run.jobId());
    Decision decision = RunMachine.onTooLarge(new Touched(run, null, null), policy, now, reason);
    if (decision instanceof Decision.Accept accept) {
      carryOut(runId, accept, now, policy);
    }
  }

  /**
   * Does {@code work} for one record or timer through the staging; what it moved of runs' progress
   * goes with its writes, or is forgotten with them.
   */
  private RuntimeException attempt(Runnable work) {
    RuntimeException failed;
    try {
      failed = staging.attempt(context, work);
    } catch (RuntimeException e) { // Kafka's own: the task is closed and initialized again
      progress.dropped();
      throw e;
    }
    if (failed == null) {
      progress.kept();
    } else {
      progress.dropped();
    }
    return failed;
  }

  /** The run's header with its progress ({@link RunProgress}); null when there is no such run. */
  private RunState header(String runId) {
    return progress.header(runId, runs::get, this::rebuildProgress);
  }

  /** Writes the header unless only its progress moved, which {@link RunProgress} keeps. */
  private void save(RunState before, RunState after) {
    if (progress.moved(before, after)) {
      runs.put(after.runId(), after);
    }
  }

  /**
   * The progress a stored header may lack, from the stores written on every event: the latest entry
   * of the history or of a completed task standing in for one (the next event's number; when the
   * run was last heard from at the latest) and the number of tasks.
   */
  private RunState rebuildProgress(RunState stored) {
    HistoryEntry latest = RunHistory.latest(historyStore, stored.runId());
    long nextSeq = latest == null ? 0 : latest.seq() + 1;
    Instant at = latest == null ? null : latest.timestamp();
    List<TaskState> runTasks = RunStores.tasks(tasks, stored.runId());
    for (TaskState task : runTasks) { // a completed task may stand in for the latest entry
      if (task.completion() != null && task.completion().seq() >= nextSeq) {
        nextSeq = task.completion().seq() + 1;
        at = task.finishedAt();
      }
    }
    if (nextSeq == 0) {
      return stored;
    }
    return stored.toBuilder()
        .eventCount(Math.max(stored.eventCount(), nextSeq))
        .taskCount(Math.max(stored.taskCount(), runTasks.size()))
        .lastActivityAt(later(stored.lastActivityAt(), at))
        .updatedAt(later(stored.updatedAt(), at))
        .build();
  }

  /** The later of the two; null stays null (a run never dispatched was not heard from). */
  private static Instant later(Instant stored, Instant candidate) {
    return stored == null || candidate == null || !candidate.isAfter(stored) ? stored : candidate;
  }

  @Override
  public void close() {
    progress.clear();
  }

  private static byte[] keyBytes(Record<String, byte[]> record) {
    return record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
  }

  private RunPolicy policy(String jobId) {
    return policies.of(jobId);
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }
}
