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
 */
public final class JobRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);
  private final ReadOnlyKeyValueStore<String, byte[]> store;

  /**
   * Decoded definitions by job id with the bytes they came from: every run event asks, few jobs
   * change.
   */
  private final Map<String, Decoded> decoded = new HashMap<>();

  private record Decoded(byte[] bytes, JobDefinition job) {}

  /** A registry over {@code store}; not thread-safe, like the processor that owns it. */
  public JobRegistry(ReadOnlyKeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /** The job's current definition, or null. */
  public JobDefinition get(String jobId) {
    return decode(jobId, store.get(jobId));
  }

  /** The jobs that run on events named {@code eventName}. */
  public List<JobDefinition> listeningTo(String eventName) {
    List<JobDefinition> jobs = new ArrayList<>();
    for (JobDefinition job : all()) {
      if (job.eventName().equals(eventName)) {
        jobs.add(job);
      }
    }
    return jobs;
  }

  public List<JobDefinition> all() {
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
    return jobs;
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
