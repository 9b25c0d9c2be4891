package dev.runlog.engine.job;

import dev.runlog.protocol.job.JobDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The registered jobs, read from the global {@code jobs} store. The store keeps the topic's raw
 * bytes (a global store is restored from its topic byte for byte), so definitions are decoded here
 * and an unreadable one is skipped with a warning instead of stopping the engine.
 *
 * <p>With {@link JobChanges}, the registry keeps every definition decoded, indexed by id and by the
 * event name it runs on, and reads the store again only after a change, or when a lookup finds
 * nothing: every run event asks for its job and every trigger event for the jobs of its name, and a
 * read of the store on each (a scan of all jobs for a trigger) cost a trigger time in proportion to
 * the number of jobs.
 */
public final class JobRegistry {
  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final JobChanges changes;

  /** Shared with the registries of the same {@link JobChanges}; else this registry's own. */
  private final DecodedJobs decoded;

  private long loaded = -1;
  private Map<String, JobDefinition> byId = Map.of();
  private Map<String, List<JobDefinition>> byEvent = Map.of();
  private List<JobDefinition> all = List.of();

  /** A registry that reads {@code store} on every call; not thread-safe. */
  public JobRegistry(ReadOnlyKeyValueStore<String, byte[]> store) {
    this(store, null);
  }

  /**
   * A registry that reads {@code store} again only after {@code changes} counted a change (null: on
   * every call); not thread-safe, like the processor that owns it.
   */
  public JobRegistry(ReadOnlyKeyValueStore<String, byte[]> store, JobChanges changes) {
    this.store = store;
    this.changes = changes;
    this.decoded = changes == null ? new DecodedJobs() : changes.decoded();
  }

  /** The job's current definition, or null. */
  public JobDefinition get(String jobId) {
    if (changes == null) {
      return decode(jobId, store.get(jobId));
    }
    refresh();
    JobDefinition job = byId.get(jobId);
    if (job == null && store.get(jobId) != null) { // written, its change not counted yet
      reload();
      job = byId.get(jobId);
    }
    return job;
  }

  /** The jobs that run on events named {@code eventName}, in job id order. */
  public List<JobDefinition> listeningTo(String eventName) {
    if (changes == null) {
      return byEvent(read()).getOrDefault(eventName, List.of());
    }
    refresh();
    List<JobDefinition> listening = byEvent.get(eventName);
    if (listening == null) { // a job may have been written an instant ago, its change not counted
      reload();
      listening = byEvent.getOrDefault(eventName, List.of());
    }
    return listening;
  }

  /** Every readable job, in job id order. */
  public List<JobDefinition> all() {
    if (changes == null) {
      return read();
    }
    refresh();
    return all;
  }

  /**
   * Reads the store again now. A lookup that finds nothing does, so that a job whose definition
   * reached the store just before its change was counted is never missed (an event sent the instant
   * a job is registered must start its run); it costs what every lookup cost before.
   */
  private void reload() {
    loaded = -1;
    refresh();
  }

  private void refresh() {
    long count = changes.count(); // before the read: a change during it reads again next time
    if (count == loaded) {
      return;
    }
    List<JobDefinition> jobs = read();
    Map<String, JobDefinition> ids = new HashMap<>();
    jobs.forEach(job -> ids.put(job.id(), job));
    byId = ids;
    byEvent = byEvent(jobs);
    all = jobs;
    decoded.retain(ids.keySet());
    loaded = count;
  }

  private static Map<String, List<JobDefinition>> byEvent(List<JobDefinition> jobs) {
    Map<String, List<JobDefinition>> index = new HashMap<>();
    for (JobDefinition job : jobs) {
      index.computeIfAbsent(job.eventName(), name -> new ArrayList<>()).add(job);
    }
    index.replaceAll((name, list) -> List.copyOf(list));
    return index;
  }

  private List<JobDefinition> read() {
    List<JobDefinition> jobs = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        JobDefinition job = decode(kv.key, kv.value);
        if (job != null) {
          jobs.add(job);
        }
      }
    }
    return List.copyOf(jobs);
  }

  private JobDefinition decode(String jobId, byte[] bytes) {
    return decoded.decode(jobId, bytes);
  }
}
