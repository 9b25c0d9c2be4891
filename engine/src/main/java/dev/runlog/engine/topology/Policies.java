package dev.runlog.engine.topology;

import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.protocol.job.JobDefinition;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run policy of each job, parsed from its definition again only when the definition changes.
 * One per processor.
 */
public final class Policies {
  private static final Logger LOG = LoggerFactory.getLogger(Policies.class);
  private final JobRegistry jobs;
  private final Map<String, JobDefinition> seen = new HashMap<>();
  private final Map<String, RunPolicy> policies = new HashMap<>();

  public Policies(JobRegistry jobs) {
    this.jobs = jobs;
  }

  /**
   * The policy of job {@code jobId} as registered now; a job nobody registered gets the
   * unregistered policy.
   */
  public RunPolicy of(String jobId) {
    return jobId == null ? RunPolicy.unregistered("?") : of(jobId, jobs.get(jobId));
  }

  private RunPolicy of(String jobId, JobDefinition job) {
    if (job == null) {
      return RunPolicy.unregistered(jobId);
    }
    if (!job.equals(seen.get(jobId))) {
      RunPolicy policy;
      try {
        policy = RunPolicy.of(job);
      } catch (IllegalArgumentException e) {
        LOG.error(
            "job {} declares an invalid payload schema, runs are not validated: {}",
            jobId,
            e.getMessage());
        policy = RunPolicy.of(job.withPayloadSchema(null)); // its limits and the rest still hold
      }
      seen.put(jobId, job);
      policies.put(jobId, policy);
    }
    return policies.get(jobId);
  }
}
