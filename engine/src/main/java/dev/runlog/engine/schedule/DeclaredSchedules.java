package dev.runlog.engine.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.JobSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The schedules jobs declare in their code ({@code Job...cron(...)}), as schedule sources: the
 * engine writes one source per declaration, {@code job:<job id>:<n>}, and deletes it when the job
 * is deleted or no longer declares it. Being sources like the others, they are listed, paused and
 * resumed the same way; only their job's code changes or removes them.
 */
public final class DeclaredSchedules {
  /** Ids of declared schedules start with it; ids given through the API cannot contain ':'. */
  public static final String PREFIX = "job:";

  private DeclaredSchedules() {}

  /** A source to write: its spec, or null to delete it. */
  public record Change(String id, String spec) {}

  /** The id of the {@code n}th (from 1) schedule that job {@code jobId} declares. */
  public static String id(String jobId, int n) {
    return PREFIX + jobId + ":" + n;
  }

  /** True for the id of a schedule declared by a job. */
  public static boolean isDeclared(String id) {
    return id.startsWith(PREFIX);
  }

  /**
   * The spec of every schedule {@code jobs} declare, by id. Written as declared, valid or not: one
   * whose cron does not parse shows up failing, with the reason, where schedules are listed.
   */
  public static Map<String, String> of(List<JobDefinition> jobs) {
    Map<String, String> specs = new TreeMap<>();
    for (JobDefinition job : jobs) {
      List<JobSchedule> schedules = job.schedules();
      for (int i = 0; i < schedules.size(); i++) {
        specs.put(id(job.id(), i + 1), spec(job.id(), schedules.get(i)));
      }
    }
    return specs;
  }

  /** What to write so that the sources written before, {@code written}, become {@code desired}. */
  public static List<Change> changes(Map<String, String> written, Map<String, String> desired) {
    List<Change> changes = new ArrayList<>();
    desired.forEach(
        (id, spec) -> {
          if (!spec.equals(written.get(id))) {
            changes.add(new Change(id, spec));
          }
        });
    written.keySet().stream()
        .filter(id -> !desired.containsKey(id))
        .forEach(id -> changes.add(new Change(id, null)));
    return changes;
  }

  private static String spec(String jobId, JobSchedule s) {
    ObjectNode spec = JsonSerde.MAPPER.createObjectNode();
    if (s.cron() != null) {
      spec.put("cron", s.cron());
      if (s.timezone() != null) {
        spec.put("timezone", s.timezone());
      }
    } else {
      spec.put("interval", Duration.ofMillis(s.intervalMillis()).toString());
    }
    spec.put("job", jobId);
    spec.put("catchUp", s.catchUp() == null ? "skip" : s.catchUp());
    spec.put("declaredBy", jobId);
    return spec.toString();
  }
}
