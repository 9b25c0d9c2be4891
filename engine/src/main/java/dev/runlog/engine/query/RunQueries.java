package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import dev.runlog.engine.history.HistoryEntry;
import dev.runlog.engine.history.LogLine;
import dev.runlog.engine.history.RunHistory;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.RunSummary;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.retention.Expired;
import dev.runlog.engine.run.ChildLink;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.WaitState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.AdmissionProcessor;
import dev.runlog.engine.topology.AdmissionQueue;
import dev.runlog.engine.topology.ConnectionWaits;
import dev.runlog.engine.topology.EngineTopology;
import dev.runlog.engine.topology.EventExpiry;
import dev.runlog.engine.topology.RunExpiry;
import dev.runlog.engine.topology.RunStores;
import dev.runlog.engine.topology.TriggerProcessor;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads runs from the engines' state stores (interactive queries). A run lives in the partition of
 * its id, on one engine instance: asked here, it is read from the local store or from the instance
 * that owns it. A listing gathers every instance's part and merges them.
 */
public final class RunQueries {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final Peers peers;

  public RunQueries(KafkaStreams streams, HostInfo self, Peers peers) {
    this.streams = streams;
    this.self = self;
    this.peers = peers;
  }

  /**
   * The run, or empty when no run has that id.
   *
   * @param localOnly answer from this instance's stores only (for a peer that forwarded the
   *     question here)
   */
  public Optional<RunView> run(String runId, boolean localOnly) {
    return owned(
        runId,
        localOnly,
        Peers.path("api", "internal", "runs", runId),
        (p, id) -> localRun(p, id),
        RunView.class);
  }

  /** The run's events in log order, or empty when no run has that id. */
  public Optional<HistoryEntry[]> events(String runId, boolean localOnly) {
    return owned(
        runId,
        localOnly,
        Peers.path("api", "internal", "runs", runId, "events"),
        (p, id) ->
            exists(p, id)
                ? RunHistory.events(
                        this.<byte[]>store(RunHistory.EVENTS, p),
                        RunStores.tasks(store(RunStores.TASKS, p), id),
                        id)
                    .toArray(HistoryEntry[]::new)
                : null,
        HistoryEntry[].class);
  }

  /** The run's log lines in the order run() wrote them, or empty when no run has that id. */
  public Optional<LogLine[]> logs(String runId, boolean localOnly) {
    return owned(
        runId,
        localOnly,
        Peers.path("api", "internal", "runs", runId, "logs"),
        (p, id) ->
            exists(p, id)
                ? RunHistory.logs(store(RunHistory.LOGS, p), id).toArray(LogLine[]::new)
                : null,
        LogLine[].class);
  }

  /**
   * The marker of run {@code runId} if it expired (for one retention period after), else empty:
   * what the API says instead of "no such run".
   */
  public Optional<Expired> expiredRun(String runId, boolean localOnly) {
    return owned(
        runId,
        localOnly,
        Peers.path("api", "internal", "runs", runId, "expired"),
        (p, id) -> this.<Expired>store(RunExpiry.MARKERS, p).get(id),
        Expired.class);
  }

  /**
   * The marker of event {@code eventId} if its record expired, else empty; every instance is asked,
   * as by {@link #event}.
   */
  public Optional<Expired> expiredEvent(String eventId, boolean localOnly) {
    for (StreamsMetadata instance : streams.streamsMetadataForStore(EventExpiry.MARKERS)) {
      if (instance.hostInfo().equals(self)) {
        for (int partition : partitions(instance, ".triggers")) {
          Expired marker = this.<Expired>store(EventExpiry.MARKERS, partition).get(eventId);
          if (marker != null) {
            return Optional.of(marker);
          }
        }
      } else if (!localOnly) {
        JsonNode remote =
            peers.get(
                instance.hostInfo(), Peers.path("api", "internal", "events", eventId, "expired"));
        if (remote != null) {
          return Optional.of(convert(remote, Expired.class));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The runs that event {@code eventId} started: one per job, with ids derived from the event id.
   */
  public List<RunView> runsOfEvent(String eventId) {
    List<RunView> runs = new ArrayList<>();
    for (JobDefinition job : jobs().all()) {
      run(RunIds.of(eventId, job.id()), false).ifPresent(runs::add);
    }
    return runs;
  }

  /**
   * What the engine did with event {@code eventId}, or empty when it has not read such an event.
   * Events are recorded in the partition of the trigger record's key, which is the event id for
   * events sent through runlog but may be anything for events produced by other tools: every
   * instance's partitions are asked.
   */
  public Optional<ReceivedEvent> event(String eventId, boolean localOnly) {
    ReceivedEvent found = null;
    var instances = streams.streamsMetadataForStore(TriggerProcessor.EVENTS_STORE);
    if (instances.isEmpty()) {
      throw new NotReadyException("the engine is not ready to answer queries yet");
    }
    for (StreamsMetadata instance : instances) {
      List<ReceivedEvent> parts = new ArrayList<>();
      if (instance.hostInfo().equals(self)) {
        for (int partition : partitions(instance, ".triggers")) {
          parts.add(
              this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE, partition).get(eventId));
        }
      } else if (!localOnly) {
        JsonNode remote =
            peers.get(instance.hostInfo(), Peers.path("api", "internal", "events", eventId));
        parts.add(remote == null ? null : convert(remote, ReceivedEvent.class));
      }
      for (ReceivedEvent part : parts) {
        found = part == null ? found : found == null ? part : found.merge(part);
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The record of event {@code eventId} where an event keyed by its id lives (as {@code POST
   * /api/events} and {@code RunlogClient} send it): one lookup, on this instance or its owner, for
   * the request path. {@link #event} looks everywhere.
   */
  public Optional<ReceivedEvent> eventKeyedById(String eventId) {
    KeyQueryMetadata meta =
        streams.queryMetadataForKey(
            TriggerProcessor.EVENTS_STORE, eventId, Serdes.String().serializer());
    if (meta == null
        || meta.partition() < 0
        || meta.activeHost() == null
        || meta.activeHost().port() < 0) {
      throw new NotReadyException("the engine is not ready to answer queries yet");
    }
    if (meta.activeHost().equals(self)) {
      return Optional.ofNullable(
          this.<ReceivedEvent>store(TriggerProcessor.EVENTS_STORE, meta.partition()).get(eventId));
    }
    JsonNode remote =
        peers.get(meta.activeHost(), Peers.path("api", "internal", "events", eventId));
    return remote == null ? Optional.empty() : Optional.of(convert(remote, ReceivedEvent.class));
  }

  /** A page of the job's runs across every instance, newest first. */
  public JobRunsPage jobRuns(String jobId, RunStatus status, String cursor, int limit) {
    List<KeyValue<String, RunSummary>> all = new ArrayList<>();
    boolean more = false;
    for (StreamsMetadata instance : streams.streamsMetadataForStore(JobRunIndex.RUNS)) {
      if (instance.hostInfo().equals(self)) {
        for (int partition : partitions(instance)) {
          List<KeyValue<String, RunSummary>> part =
              JobRunIndex.page(store(JobRunIndex.RUNS, partition), jobId, status, cursor, limit);
          more |= part.size() == limit;
          all.addAll(part);
        }
      } else {
        JsonNode remote =
            peers.get(
                instance.hostInfo(),
                Peers.path("api", "internal", "jobs", jobId, "runs")
                    + Peers.query(
                        "limit",
                        String.valueOf(limit),
                        "status",
                        status == null ? null : status.name(),
                        "cursor",
                        Cursors.encode(cursor)));
        if (remote != null) {
          for (JsonNode entry : remote.path("entries")) {
            all.add(
                KeyValue.pair(
                    entry.path("key").asText(), convert(entry.path("run"), RunSummary.class)));
          }
          more |= remote.path("more").asBoolean();
        }
      }
    }
    all.sort(Comparator.comparing(kv -> kv.key));
    more |= all.size() > limit;
    List<KeyValue<String, RunSummary>> page = all.subList(0, Math.min(limit, all.size()));
    String next = more && !page.isEmpty() ? page.get(page.size() - 1).key : null;
    return new JobRunsPage(jobId, page.stream().map(kv -> kv.value).toList(), next);
  }

  /**
   * The keys of a page as this instance has them, for the instance that merges (see {@link
   * #jobRuns}).
   */
  public List<KeyValue<String, RunSummary>> localJobRuns(
      String jobId, RunStatus status, String cursor, int limit) {
    List<KeyValue<String, RunSummary>> all = new ArrayList<>();
    for (int partition : localPartitions(JobRunIndex.RUNS)) {
      all.addAll(
          JobRunIndex.page(store(JobRunIndex.RUNS, partition), jobId, status, cursor, limit));
    }
    all.sort(Comparator.comparing(kv -> kv.key));
    return all;
  }

  /** The job's run counts by status across every instance. */
  public Map<RunStatus, Long> counts(String jobId, boolean localOnly) {
    Map<RunStatus, Long> total = new EnumMap<>(RunStatus.class);
    for (StreamsMetadata instance : streams.streamsMetadataForStore(JobRunIndex.COUNTS)) {
      if (instance.hostInfo().equals(self)) {
        for (int partition : partitions(instance)) {
          JobRunIndex.counts(store(JobRunIndex.COUNTS, partition), jobId)
              .forEach((s, n) -> total.merge(s, n, Long::sum));
        }
      } else if (!localOnly) {
        JsonNode remote =
            peers.get(instance.hostInfo(), Peers.path("api", "internal", "jobs", jobId, "counts"));
        if (remote != null) {
          remote
              .properties()
              .forEach(
                  e ->
                      total.merge(RunStatus.valueOf(e.getKey()), e.getValue().asLong(), Long::sum));
        }
      }
    }
    return total;
  }

  /** Every concurrency limit that has runs, with its per-key limits, across every instance. */
  public List<LimitView> limits(boolean localOnly) {
    List<LimitView> all = new ArrayList<>();
    for (StreamsMetadata instance : streams.streamsMetadataForStore(AdmissionProcessor.STORE)) {
      if (instance.hostInfo().equals(self)) {
        Map<String, LimitState> entries = new LinkedHashMap<>();
        Map<String, List<AdmissionMessage.Acquire>> queued = new LinkedHashMap<>();
        for (int partition : partitions(instance, ".admission")) {
          try (var it = this.<LimitState>store(AdmissionProcessor.STORE, partition).all()) {
            it.forEachRemaining(kv -> entries.put(kv.key, kv.value));
          }
          queued.putAll(
              AdmissionQueue.byLimit(
                  this.<AdmissionQueue.Entry>store(AdmissionQueue.STORE, partition)));
        }
        all.addAll(LimitView.of(entries, queued));
      } else if (!localOnly) {
        JsonNode remote = peers.get(instance.hostInfo(), Peers.path("api", "internal", "limits"));
        if (remote != null) {
          remote.path("limits").forEach(node -> all.add(convert(node, LimitView.class)));
        }
      }
    }
    all.sort(Comparator.comparing(LimitView::key));
    return all;
  }

  /**
   * How many runs wait for each managed connection (WAITING_ON_CONNECTIONS, by connection key),
   * across every instance.
   */
  public Map<String, Long> connectionWaits(boolean localOnly) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (StreamsMetadata instance : streams.streamsMetadataForStore(ConnectionWaits.STORE)) {
      if (instance.hostInfo().equals(self)) {
        for (int partition : partitions(instance)) {
          ConnectionWaits.counts(this.<ConnectionWaits.Wait>store(ConnectionWaits.STORE, partition))
              .forEach((key, n) -> counts.merge(key, n, Long::sum));
        }
      } else if (!localOnly) {
        JsonNode remote =
            peers.get(instance.hostInfo(), Peers.path("api", "internal", "connection-waits"));
        if (remote != null) {
          remote
              .properties()
              .forEach(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
      }
    }
    return counts;
  }

  /**
   * Run counts by status over every job, on this instance's partitions only (metrics add instances
   * up).
   */
  public Map<RunStatus, Long> localTotals() {
    Map<RunStatus, Long> total = new EnumMap<>(RunStatus.class);
    for (int partition : localPartitions(JobRunIndex.COUNTS)) {
      try (var it = this.<Long>store(JobRunIndex.COUNTS, partition).all()) {
        it.forEachRemaining(
            kv -> {
              String status = kv.key.substring(kv.key.lastIndexOf('\u0000') + 1);
              total.merge(RunStatus.valueOf(status), kv.value, Long::sum);
            });
      }
    }
    return total;
  }

  /** The listings of runs across jobs and of received events. */
  public Listings listings() {
    return new Listings(streams, self, peers, jobs());
  }

  /** The schedules' timers, read across instances like the runs. */
  public ScheduleQueries schedules() {
    return new ScheduleQueries(streams, self, peers);
  }

  public JobRegistry jobs() {
    ReadOnlyKeyValueStore<String, byte[]> store =
        guarded(
            () ->
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                        EngineTopology.JOBS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())));
    return new JobRegistry(store);
  }

  private <T> Optional<T> owned(
      String runId,
      boolean localOnly,
      String remotePath,
      BiFunction<Integer, String, T> local,
      Class<T> type) {
    KeyQueryMetadata meta =
        streams.queryMetadataForKey(RunStores.RUNS, runId, Serdes.String().serializer());
    if (meta == null
        || meta.partition() < 0
        || meta.activeHost() == null
        || meta.activeHost().port() < 0) {
      throw new NotReadyException("the engine is not ready to answer queries yet");
    }
    if (meta.activeHost().equals(self)) {
      return Optional.ofNullable(local.apply(meta.partition(), runId));
    }
    if (localOnly) {
      throw new NotReadyException("run " + runId + " is not on this instance (rebalancing?)");
    }
    JsonNode remote = peers.get(meta.activeHost(), remotePath);
    return remote == null ? Optional.empty() : Optional.of(convert(remote, type));
  }

  private RunView localRun(int partition, String runId) {
    RunState run = this.<RunState>store(RunStores.RUNS, partition).get(runId);
    if (run == null) {
      return null;
    }
    RunInput input = this.<RunInput>store(RunStores.INPUTS, partition).get(runId);
    List<TaskState> tasks = RunStores.tasks(store(RunStores.TASKS, partition), runId);
    List<WaitState> waits = RunStores.waits(store(RunStores.WAITS, partition), runId);
    List<ChildLink> children = RunStores.children(store(RunStores.CHILDREN, partition), runId);
    return RunView.of(run, input, tasks, waits, children);
  }

  private boolean exists(int partition, String runId) {
    return this.<RunState>store(RunStores.RUNS, partition).get(runId) != null;
  }

  private List<Integer> partitions(StreamsMetadata instance) {
    return partitions(instance, ".run-events");
  }

  private static List<Integer> partitions(StreamsMetadata instance, String topicSuffix) {
    return instance.topicPartitions().stream()
        .filter(tp -> tp.topic().endsWith(topicSuffix))
        .map(tp -> tp.partition())
        .distinct()
        .toList();
  }

  private List<Integer> localPartitions(String storeName) {
    for (StreamsMetadata instance : streams.streamsMetadataForStore(storeName)) {
      if (instance.hostInfo().equals(self)) {
        return partitions(instance);
      }
    }
    return List.of();
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
    return guarded(
        () ->
            streams.store(
                StoreQueryParameters.fromNameAndType(
                        name, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(partition)));
  }

  private static <T> T guarded(java.util.function.Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException(
          "state stores are not available on this instance right now: " + e.getMessage());
    }
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return JsonSerde.MAPPER.treeToValue(node, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read another instance's answer as "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The stores cannot answer now (starting, rebalancing); the caller may try again. */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message) {
      super(message);
    }
  }
}
