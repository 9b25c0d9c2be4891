package dev.runlog.engine.job;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.job.JobDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);
  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final JobChanges changes;

  /**
   * Decoded definitions by job id with the bytes they came from: a definition decoded once per
   * change of its own.
   */
  private final Map<String, Decoded> decoded = new HashMap<>();

  private long loaded = -1;
  private Map<String, JobDefinition> byId = Map.of();
  private Map<String, List<JobDefinition>> byEvent = Map.of();
  private List<JobDefinition> all = List.of();

  private record Decoded(byte[] bytes, JobDefinition job) {}

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
    decoded.keySet().retainAll(ids.keySet());
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
    if (bytes == null) {
      return null;
    }
    Decoded cached = decoded.get(jobId);
    if (cached != null && Arrays.equals(cached.bytes(), bytes)) {
      return cached.job();
    }
    JobDefinition job;
    try {
      job = Codecs.JOB_DEFINITION.decode(bytes);
    } catch (DecodeException e) {
      LOG.warn("skipping unreadable definition of job {}: {}", jobId, e.getMessage());
      job = null;
    }
    decoded.put(jobId, new Decoded(bytes, job));
    return job;
  }
}
