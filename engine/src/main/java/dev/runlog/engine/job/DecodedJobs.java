package dev.runlog.engine.job;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.job.JobDefinition;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job definitions decoded from the bytes of the {@code jobs} store, each once per change of its
 * own, for every registry that shares this: the processors of every partition and stream thread of
 * one engine hold the same definitions instead of a copy each (with the bytes they came from).
 * Thread-safe.
 */
final class DecodedJobs {
  private static final Logger LOG = LoggerFactory.getLogger(DecodedJobs.class);

  /** A definition with the bytes it was decoded from; null job: unreadable. */
  private record Decoded(byte[] bytes, JobDefinition job) {}

  private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();

  /** The definition {@code bytes} hold, or null when they are unreadable (logged) or null. */
  JobDefinition decode(String jobId, byte[] bytes) {
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

  /** Forgets the jobs that are not in {@code present} (deleted from the store). */
  void retain(Set<String> present) {
    decoded.keySet().retainAll(present);
  }

  /** How many definitions are kept. */
  int size() {
    return decoded.size();
  }
}
