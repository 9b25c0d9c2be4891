package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.index.EventTimeIndex;
import dev.runlog.engine.index.JobRunIndex;
import dev.runlog.engine.index.PayloadIndex;
import dev.runlog.engine.index.RunSummary;
import dev.runlog.engine.index.Slice;
import dev.runlog.engine.index.TimeKeys;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunStores;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.engine.topology.TriggerProcessor;
import dev.runlog.engine.trigger.ReceivedEvent;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The listings across jobs: runs (by job, status, creation time, event, payload field) and received
 * events, newest first, a page at a time. Each instance reads the indexes of its own partitions,
 * one bounded scan per range ({@link Slice}); the instance asked merges its part with its peers'.
 *
 * <p>Which index serves a listing of runs: an event id names its runs (one per job, the id derived
 * from both), so they are looked up; a payload field reads {@link PayloadIndex}; anything else
 * merges the per-job ranges of {@link JobRunIndex} (jobs are few), rather than keeping one more
 * index of every run.
 */
public final class Listings {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final Peers peers;
  private final JobRegistry jobs;

  Listings(KafkaStreams streams, HostInfo self, Peers peers, JobRegistry jobs) {
    this.streams = streams;
    this.self = self;
    this.peers = peers;
    this.jobs = jobs;
  }

  /** A page of runs across every instance (localOnly: this instance's part, for a peer). */
  public Slice<RunSummary> runs(RunFilter filter, int limit, boolean localOnly) {
    return gather(
        JobRunIndex.RUNS,
        ".run-events",
        localOnly,
        Peers.path("api", "internal", "run-list") + filter.query(limit),
        RunSummary.class,
        partition -> localRuns(partition, filter, limit),
        limit);
  }

  /** A page of received events across every instance. */
  public Slice<ReceivedEvent> events(EventsFilter filter, int limit, boolean localOnly) {
    return gather(
        EventTimeIndex.STORE,
        ".triggers",
        localOnly,
        Peers.path("api", "internal", "event-list") + filter.query(limit),
        ReceivedEvent.class,
        partition -> localEvents(partition, filter, limit),
        limit);
  }

  /**
   * The changes the other engine instances have seen ({@code GET /api/internal/changes}), added up;
   * an instance that cannot answer now counts none this time.
   */
  public RunWatch.Changes peerChanges() {
    RunWatch.Changes total = new RunWatch.Changes(0, 0);
    List<HostInfo> asked = new ArrayList<>();
    for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
      HostInfo host = instance.hostInfo();
      if (host.equals(self) || asked.contains(host)) {
        continue;
      }
      asked.add(host);
      try {
        JsonNode remote = peers.get(host, Peers.path("api", "internal", "changes"));
        if (remote != null) {
          total =
              total.plus(
                  new RunWatch.Changes(
                      remote.path("runs").asLong(), remote.path("events").asLong()));
        }
      } catch (RunQueries.NotReadyException e) {
        // counted at the next tick
      }
    }
    return total;
  }

  private Slice<RunSummary> localRuns(int partition, RunFilter filter, int limit) {
    ReadOnlyKeyValueStore<String, RunState> runs = store(RunStores.RUNS, partition);
    List<String> jobIds =
        filter.jobId() != null
            ? List.of(filter.jobId())
            : jobs.all().stream().map(JobDefinition::id).toList();
    if (filter.eventId() != null) {
      List<KeyValue<String, RunSummary>> found = new ArrayList<>();
      ReadOnlyKeyValueStore<String, RunInput> inputs = store(RunStores.INPUTS, partition);
      for (String jobId : jobIds) {
        String runId = RunIds.of(filter.eventId(), jobId);
        RunSummary run = kept(runs.get(runId), filter);
        if (run != null && filter.field() != null) {
          RunInput input = inputs.get(runId);
          run =
              input != null && PayloadIndex.has(input.payload(), filter.field(), filter.value())
                  ? run
                  : null;
        }
        if (run != null) {
          String tail = TimeKeys.tail(run.createdAt(), run.id());
          if (filter.range().contains(tail)) {
            found.add(KeyValue.pair(tail, run));
          }
        }
      }
      found.sort((a, b) -> a.key.compareTo(b.key));
      return Slice.merge(List.of(new Slice<>(found, null)), limit);
    }
    if (filter.field() != null) {
      return PayloadIndex.slice(
          store(PayloadIndex.STORE, partition),
          filter.field(),
          filter.value(),
          filter.range(),
          limit,
          runId -> kept(runs.get(runId), filter));
    }
    ReadOnlyKeyValueStore<String, RunSummary> index = store(JobRunIndex.RUNS, partition);
    List<Slice<RunSummary>> slices = new ArrayList<>();
    for (String jobId : jobIds) {
      slices.add(JobRunIndex.slice(index, jobId, filter.status(), filter.range(), limit));
    }
    return Slice.merge(slices, limit);
  }

  /** The run's summary if the filter keeps it (its event and payload field are checked by then). */
  private static RunSummary kept(RunState run, RunFilter filter) {
    if (run == null
        || (filter.jobId() != null && !filter.jobId().equals(run.jobId()))
        || (filter.status() != null && filter.status() != run.status())) {
      return null;
    }
    return RunSummary.of(run);
  }

  private Slice<ReceivedEvent> localEvents(int partition, EventsFilter filter, int limit) {
    ReadOnlyKeyValueStore<String, ReceivedEvent> records =
        store(TriggerProcessor.EVENTS_STORE, partition);
    return EventTimeIndex.slice(
        store(EventTimeIndex.STORE, partition),
        filter.range(),
        limit,
        eventId -> {
          ReceivedEvent event = records.get(eventId);
          return event != null && filter.keeps(event) ? event : null;
        });
  }

  /**
   * This instance's slices of {@code storeName} (one per partition of the topic ending in {@code
   * topicSuffix}) and, unless {@code localOnly}, every other instance's answer to {@code
   * remotePath}, merged.
   */
  private <V> Slice<V> gather(
      String storeName,
      String topicSuffix,
      boolean localOnly,
      String remotePath,
      Class<V> type,
      IntFunction<Slice<V>> local,
      int limit) {
    List<Slice<V>> slices = new ArrayList<>();
    List<StreamsMetadata> instances = List.copyOf(streams.streamsMetadataForStore(storeName));
    if (instances.isEmpty()) {
      throw new RunQueries.NotReadyException("the engine is not ready to answer queries yet");
    }
    for (StreamsMetadata instance : instances) {
      if (instance.hostInfo().equals(self)) {
        instance.topicPartitions().stream()
            .filter(tp -> tp.topic().endsWith(topicSuffix))
            .map(tp -> tp.partition())
            .distinct()
            .forEach(partition -> slices.add(local.apply(partition)));
      } else if (!localOnly) {
        JsonNode remote = peers.get(instance.hostInfo(), remotePath);
        if (remote != null) {
          slices.add(fromJson(remote, type));
        }
      }
    }
    return Slice.merge(slices, limit);
  }

  /** A slice as an instance sends it to the one that merges. */
  public static Object toJson(Slice<?> slice) {
    List<Object> entries =
        slice.entries().stream()
            .map(kv -> (Object) Map.of("key", kv.key, "value", kv.value))
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("entries", entries);
    body.put("stop", slice.stop());
    return body;
  }

  private static <V> Slice<V> fromJson(JsonNode node, Class<V> type) {
    List<KeyValue<String, V>> entries = new ArrayList<>();
    try {
      for (JsonNode entry : node.path("entries")) {
        entries.add(
            KeyValue.pair(
                entry.path("key").asText(),
                JsonSerde.MAPPER.treeToValue(entry.path("value"), type)));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read another instance's listing: " + e.getMessage(), e);
    }
    JsonNode stop = node.path("stop");
    return new Slice<>(entries, stop.isTextual() ? stop.asText() : null);
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
              .withPartition(partition));
    } catch (InvalidStateStoreException e) {
      throw new RunQueries.NotReadyException(
          "state stores are not available on this instance right now: " + e.getMessage());
    }
  }
}
