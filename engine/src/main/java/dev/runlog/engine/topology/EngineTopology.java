package dev.runlog.engine.topology;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import dev.runlog.engine.connection.ConnectionDirectory;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.history.LogLine;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.index.EventTimeIndex;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.index.RunSummary;
import dev.runlog.engine.job.JobChanges;
import dev.runlog.engine.retention.EventRunExpired;
import dev.runlog.engine.retention.Expired;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.run.ChildLink;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.WaitState;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology. Why it is split this way:
 *
 * <ul>
 *   <li>Triggers are keyed by event id, runs by run id: the trigger processor turns each match into
 *       a {@code RunCreated} on {@code run-events}, and that append is the repartition by run id.
 *   <li>The run processor owns every run of its {@code run-events} partitions: the header, input
 *       and tasks stores are co-partitioned with the log, so each event is one local
 *       read-modify-write.
 *   <li>Jobs are few and every trigger must see all of them: a global store, kept as raw bytes.
 *   <li>Concurrency limits need one owner each, whatever the number of engine instances: admission
 *       messages go through a topic keyed by limit to the admission processor, which answers on
 *       {@code run-events}. Jobs without a limit skip that hop.
 *   <li>Timers live with the runs they belong to, ordered by due time, fired by a wall-clock
 *       punctuator of the run processor.
 *   <li>Managed connections are few and every run processor must know which exist: each engine
 *       instance reads the compacted {@code connections} topic into a catalog outside the topology
 *       (the secrets stay sealed and are not kept), which the processors ask. A run missing one
 *       waits in an index of its partition ({@link ConnectionWaits}), checked by a wall-clock
 *       punctuator when the catalog changes.
 *   <li>Sources read bytes and decode inside the processors, so that an undecodable record goes to
 *       {@code dead-letters} with its reason instead of stopping a stream thread.
 *   <li>A record whose processing throws goes there too, with the exception: the trigger and run
 *       processors stage a record's store writes and forwards ({@code Staging}) and drop them then,
 *       so no run is left half-updated; {@code DeadLetterOnError} catches what escapes them.
 *   <li>Finished runs expire after the retention ({@link Retention}): the run processor removes a
 *       run from its stores and tells the record of its event, which lives with the triggers
 *       (partitioned by the trigger's key, not the run's), through the event-expiry topic, sent to
 *       the partition of that record.
 *   <li>Waits for events need every waiter and every event of a name in one place: the run and
 *       trigger processors send them through the event-waits topic, keyed by event name, to the
 *       matcher ({@link EventWaitProcessor}), which answers on {@code run-events}.
 *   <li>Listings read indexes kept beside what they index, in the same partition and written in the
 *       same transaction: a job's runs by time ({@code job-runs}) and runs by payload field ({@code
 *       run-payload-fields}) with the runs, received events by time ({@code events-by-time}) with
 *       the events' records. A query merges the partitions' pages (see {@code query.Listings}).
 *   <li>Schedules are sources: the schedule processor reads the {@code sources} topic, keeps each
 *       schedule's next tick in the task of its partition, and sends its ticks to {@code triggers}
 *       like any producer ({@link ScheduleProcessor}).
 * </ul>
 */
public final class EngineTopology {
  public static final String JOBS_STORE = "jobs";
  public static final String RUN_EVENTS_SINK = "run-events-sink";
  public static final String EXECUTIONS_SINK = "executions-sink";
  public static final String ADMISSION_SINK = "admission-sink";

  /**
   * Header on the events the run processor folded as it wrote them: it skips them when they come
   * back.
   */
  public static final String FOLDED_HEADER = "runlog.folded";

  /**
   * Header on the {@code RunCreated} and {@code RunStarted} that the trigger processor wrote with
   * the run's first dispatch.
   */
  public static final String DISPATCHED_HEADER = "runlog.dispatched";

  /**
   * Header on a dispatched {@code RunCreated}, once per event that follows it in the same write
   * (its {@code RunStarted}): the event's bytes, so that the run processor folds the run's start in
   * one go (one header, index and history write each) and skips the {@code RunStarted} record when
   * it comes. An engine that does not know the header folds that record as it always did.
   */
  public static final String THEN_HEADER = "runlog.then";

  private static final byte[] YES = {1};

  private EngineTopology() {}

  /** The topic that carries admission messages, keyed by limit, to the one owner of each limit. */
  public static String admissionTopic(Topics topics) {
    return topics.prefix() + ".admission";
  }

  /** The topology {@code options} describe. */
  public static Topology build(TopologyOptions options) {
    Topics topics = options.topics();
    RunCounters counters = options.counters();
    Duration timerTick = options.timerTick();
    CommitPacer pacer = options.pacer();
    RunWatch watch = options.watch();
    Retention retention = options.retention();
    BufferWindow eventWaitBuffer = options.eventWaitBuffer();
    SourceStatuses sourceStatuses = options.sourceStatuses();
    ConnectionDirectory connections = options.connections();
    int liveRuns = options.liveRuns();
    Topology topology = new Topology();
    JobChanges jobChanges = new JobChanges(); // one per topology: its loader and its processors
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JOBS_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        "jobs-source",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.jobs().name(),
        "jobs-loader",
        () -> new JobsLoader(jobChanges));

    topology.addSource(
        "triggers-source",
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.triggers().name());
    topology.addProcessor(
        "triggers",
        () -> new TriggerProcessor(counters, pacer, retention, connections, watch, jobChanges),
        "triggers-source");
    JsonSerde<EventRunExpired> eventExpiry = new JsonSerde<>(EventRunExpired.class);
    topology.addSource(
        "event-expiry-source",
        Serdes.String().deserializer(),
        eventExpiry.deserializer(),
        EventExpiry.topic(topics));
    topology.addProcessor(
        "event-expiry", () -> new EventExpiry(retention, timerTick), "event-expiry-source");
    topology.addStateStore(
        store(TriggerProcessor.EVENTS_STORE, ReceivedEvent.class), "triggers", "event-expiry");
    topology.addStateStore(store(EventExpiry.TIMERS, Timer.class), "triggers", "event-expiry");
    topology.addStateStore(stringStore(EventTimeIndex.STORE), "triggers", "event-expiry");
    topology.addStateStore(store(EventExpiry.MARKERS, Expired.class), "event-expiry");

    topology.addSource(
        "run-events-source",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.runEvents().name());
    topology.addProcessor(
        "runs",
        () ->
            new RunProcessor(
                counters, timerTick, pacer, watch, retention, connections, liveRuns, jobChanges),
        "run-events-source");
    // Only the job counts are cached: a cache sends a key written several times in one commit to
    // its changelog once, but it sends all of them in a burst at the commit, which the stream
    // thread waits for. For the run stores (a key or two per run) that burst cost more than it
    // saved: 28,000 against 22,500 tasks/s uncached (README, Performance). A job's counts are a
    // handful of keys that every run changes five times: cached, a commit writes each once.
    topology.addStateStore(store(RunStores.RUNS, StoredValues.runs()), "runs");
    topology.addStateStore(store(RunStores.INPUTS, RunInput.class), "runs");
    topology.addStateStore(store(RunStores.TASKS, StoredValues.tasks()), "runs");
    topology.addStateStore(store(RunStores.WAITS, WaitState.class), "runs");
    topology.addStateStore(store(RunStores.CHILDREN, ChildLink.class), "runs");
    topology.addStateStore(store(TimerStore.NAME, Timer.class), "runs");
    topology.addStateStore(store(ConnectionWaits.STORE, ConnectionWaits.Wait.class), "runs");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RunHistory.EVENTS), Serdes.String(), Serdes.ByteArray()),
        "runs");
    topology.addStateStore(store(RunHistory.LOGS, LogLine.class), "runs");
    topology.addStateStore(store(JobRunIndex.RUNS, RunSummary.class), "runs");
    topology.addStateStore(store(JobRunIndex.COUNTS, Long.class).withCachingEnabled(), "runs");
    topology.addStateStore(stringStore(PayloadIndex.STORE), "runs");
    topology.addStateStore(store(RunExpiry.TIMERS, Timer.class), "runs");
    topology.addStateStore(store(RunExpiry.MARKERS, Expired.class), "runs");
    topology.addSink(
        RunExpiry.EVENT_EXPIRY_SINK,
        EventExpiry.topic(topics),
        Serdes.String().serializer(),
        erase(eventExpiry.serializer()),
        (topic, key, value, partitions) ->
            Optional.of(Set.of(((EventRunExpired) value).partition() % partitions)),
        "runs");

    JsonSerde<AdmissionMessage> admission = new JsonSerde<>(AdmissionMessage.class);
    topology.addSource(
        "admission-source",
        Serdes.String().deserializer(),
        admission.deserializer(),
        admissionTopic(topics));
    topology.addProcessor("admission", () -> new AdmissionProcessor(pacer), "admission-source");
    topology.addStateStore(store(AdmissionProcessor.STORE, LimitState.class), "admission");
    topology.addStateStore(store(AdmissionQueue.STORE, AdmissionQueue.Entry.class), "admission");
    topology.addSink(
        ADMISSION_SINK,
        admissionTopic(topics),
        Serdes.String().serializer(),
        erase(admission.serializer()),
        "runs");

    EventWaits.addTo(topology, topics, eventWaitBuffer, timerTick, pacer, counters);
    Schedules.addTo(topology, topics, timerTick, pacer, counters, sourceStatuses, jobChanges);

    topology.addSink(
        RUN_EVENTS_SINK,
        topics.runEvents().name(),
        Serdes.String().serializer(),
        runEventSerializer(),
        "triggers",
        "runs",
        "admission",
        EventWaitProcessor.NAME);
    topology.addSink(
        EXECUTIONS_SINK,
        (key, value, ctx) ->
            topics
                .executions(
                    value instanceof EncodedDispatch e ? e.jobId() : ((ExecuteRun) value).jobId())
                .name(),
        Serdes.String().serializer(),
        dispatchSerializer(),
        "triggers",
        "runs");
    topology.addSink(
        DeadLetters.SINK,
        topics.deadLetters().name(),
        Serdes.ByteArray().serializer(),
        topics.deadLetters().valueSerde().serializer(),
        "triggers",
        "runs",
        EventWaitProcessor.NAME,
        ScheduleProcessor.NAME);
    return topology;
  }

  /**
   * A run event as a record for the run-events sink, with its origin header, and the folded header
   * when the run processor already folded it.
   */
  public static Record<Object, Object> runEventRecord(
      RunEvent event, long timestamp, boolean folded) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        dev.runlog.protocol.run.Origin.HEADER,
        event.origin().name().getBytes(StandardCharsets.UTF_8));
    if (folded) {
      headers.add(FOLDED_HEADER, YES);
    }
    return new Record<>(event.runId(), event, timestamp, headers);
  }

  /**
   * Marks a run event whose writer also carried out what it leads to (the events after it, the
   * dispatch), in the same transaction: the run processor folds it and keeps only its timers.
   */
  public static void markDispatched(Headers headers) {
    headers.add(DISPATCHED_HEADER, YES);
  }

  /**
   * Marks a {@code RunCreated} as dispatched, with the events written after it ({@link
   * #THEN_HEADER}).
   */
  public static void markDispatched(Headers headers, List<RunEvent> then) {
    markDispatched(headers);
    then.forEach(event -> headers.add(THEN_HEADER, Codecs.RUN_EVENT.encode(event)));
  }

  /** The encoded events a dispatched {@code RunCreated} carries ({@link #THEN_HEADER}). */
  public static List<byte[]> then(Headers headers) {
    List<byte[]> events = new ArrayList<>();
    headers.headers(THEN_HEADER).forEach(header -> events.add(header.value()));
    return events;
  }

  /** True for an event marked by {@link #markDispatched}. */
  public static boolean isDispatched(Headers headers) {
    return headers.lastHeader(DISPATCHED_HEADER) != null;
  }

  /** True for an event the run processor folded when it wrote it. */
  public static boolean isFolded(Headers headers) {
    return headers.lastHeader(FOLDED_HEADER) != null;
  }

  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> erase(Serializer<T> serializer) {
    return (topic, value) -> serializer.serialize(topic, (T) value);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Class<V> type) {
    return store(name, new JsonSerde<>(type));
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }

  private static StoreBuilder<KeyValueStore<String, String>> stringStore(String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
  }

  private static Serializer<Object> runEventSerializer() {
    Serializer<RunEvent> serializer = Codecs.RUN_EVENT.serde().serializer();
    return (topic, value) -> serializer.serialize(topic, (RunEvent) value);
  }

  private static Serializer<Object> dispatchSerializer() {
    return (topic, value) ->
        value instanceof EncodedDispatch e
            ? e.bytes()
            : Codecs.EXECUTE_RUN.encode((ExecuteRun) value);
  }

  /** Keeps the raw bytes of each job definition; a tombstone removes the job. */
  private static final class JobsLoader implements Processor<String, byte[], Void, Void> {
    private final JobChanges changes;
    private KeyValueStore<String, byte[]> store;

    JobsLoader(JobChanges changes) {
      this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(JOBS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.key() == null) {
        return;
      }
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
      changes.changed();
    }
  }
}
