package dev.runlog.sdk.testing;

import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.sdk.Context;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Playback;
import dev.runlog.sdk.Playback.Step;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Before a deploy: would the job's current code replay a run recorded by the code before it? A run
 * in flight when the new code arrives is replayed by it; where it asks for other steps than the run
 * recorded (a task renamed, moved or put in front of one that ran), the recorded outputs no longer
 * fit. The check replays the recorded run without running anything and compares the steps the code
 * asks for with the recorded ones, in order (as Temporal's WorkflowReplayer does).
 *
 * <pre>{@code
 * String json = http.get(engine + "/api/runs/" + runId + "/events"); // or a file kept in src/test
 * ReplayCheck.of(StarJob.job(github, slack), json).assertCompatible();
 * }</pre>
 */
public final class ReplayCheck {
  private ReplayCheck() {}

  /**
   * @param recorded the steps the run's history holds, in order
   * @param asked the steps the current code asks for against it, up to the first it would run anew
   * @param problems why the code does not fit the run; empty when it does
   */
  public record Report(String runId, List<Step> recorded, List<Step> asked, List<String> problems) {
    public boolean compatible() {
      return problems.isEmpty();
    }

    /** Throws an {@link AssertionError} that lists the problems, if there are any. */
    public Report assertCompatible() {
      if (!compatible()) {
        throw new AssertionError(
            "the job's code does not replay run "
                + runId
                + ":\n  "
                + String.join("\n  ", problems));
      }
      return this;
    }
  }

  /**
   * Checks {@code job} against a run's events, RunCreated first, as the run-events log has them.
   */
  public static Report of(Job<?> job, List<RunEvent> events) {
    return check(job, RecordedRun.of(events));
  }

  /** Checks {@code job} against the JSON of {@code GET /api/runs/{id}/events}. */
  public static Report of(Job<?> job, String eventsJson) {
    return check(job, RecordedRun.fromJson(eventsJson));
  }

  private static Report check(Job<?> job, RecordedRun run) {
    RunEventBody.RunCreated created = run.created();
    List<Step> recorded = steps(run.events());
    Context context =
        new Context(
            run.runId(),
            job.id(),
            job.version(),
            created.eventId(),
            created.eventName(),
            created.eventTimestamp(),
            Map.of(),
            "check",
            "default",
            1);
    Playback.Result replay =
        Playback.play(
            job,
            created.payload(),
            context,
            Playback.History.of(run.events()),
            Clock.fixed(created.eventTimestamp(), ZoneOffset.UTC),
            true);
    return new Report(
        run.runId(), recorded, replay.asked(), problems(recorded, replay, created.jobId(), job));
  }

  private static List<String> problems(
      List<Step> recorded, Playback.Result replay, String recordedJob, Job<?> job) {
    List<String> problems = new ArrayList<>();
    if (recordedJob != null && !recordedJob.equals(job.id())) {
      problems.add("the run is of job '" + recordedJob + "', not '" + job.id() + "'");
    }
    List<Step> asked = replay.asked();
    for (int i = 0; i < recorded.size(); i++) {
      if (i >= asked.size()) {
        problems.add(
            "step "
                + (i + 1)
                + ": the run recorded "
                + recorded.get(i)
                + ", but the code "
                + ended(replay.outcome())
                + " after "
                + asked.size()
                + " steps; still to come in the run: "
                + recorded.subList(i, recorded.size()));
        break;
      }
      if (!same(recorded.get(i), asked.get(i))) {
        problems.add(
            "step "
                + (i + 1)
                + ": the run recorded "
                + recorded.get(i)
                + " here, the code now asks for "
                + asked.get(i)
                + hint(recorded, asked.get(i)));
        break; // every later step is off by this one
      }
    }
    return problems;
  }

  /**
   * Whether the code asks for the step the run recorded. An invoke that failed (its job unknown)
   * started no child, so the run's log shows it as a task.
   */
  private static boolean same(Step recorded, Step asked) {
    return recorded.equals(asked)
        || recorded.kind().equals("task")
            && asked.kind().equals("invoke")
            && recorded.key().equals(asked.key());
  }

  private static String hint(List<Step> recorded, Step asked) {
    return recorded.contains(asked)
        ? " (the steps were reordered: the run has " + asked + " elsewhere)"
        : " (renamed, or a new step put before steps that ran)";
  }

  private static String ended(Playback.Outcome outcome) {
    if (outcome instanceof Playback.Failed failed) {
      return "failed (" + failed.error() + ")";
    }
    return outcome instanceof Playback.Succeeded ? "returned" : "stopped";
  }

  /**
   * The steps a history records, each once, in the order they first appear. A wait for an event or
   * a child is one step whether it got what it waited for or timed out; the task that started a
   * child (known by the child the engine tells the run of, or by the wait on it) is an "invoke".
   */
  static List<Step> steps(List<RunEventBody> events) {
    Set<String> children = new HashSet<>();
    for (RunEventBody event : events) {
      if (event instanceof RunEventBody.ChildRunCreated c) {
        children.add(c.key());
      } else if (event instanceof RunEventBody.ChildWaitRequested w) {
        children.add(w.key());
      }
    }
    Set<Step> steps = new LinkedHashSet<>();
    Set<String> waits = new HashSet<>(); // waits for an event or a child: not sleeps
    for (RunEventBody event : events) {
      if (event instanceof RunEventBody.EventWaitRequested w) {
        waits.add(w.key());
        steps.add(new Step("event", w.key()));
      } else if (event instanceof RunEventBody.ChildWaitRequested w) {
        waits.add(w.key());
        steps.add(new Step("child", w.key()));
      } else if (!(event instanceof RunEventBody.WaitElapsed e && waits.contains(e.key()))) {
        stepOf(event, children).ifPresent(steps::add);
      }
    }
    return List.copyOf(steps);
  }

  private static Optional<Step> stepOf(RunEventBody event, Set<String> children) {
    if (event instanceof RunEventBody.TaskCompleted c) {
      return Optional.of(new Step(children.contains(c.key()) ? "invoke" : "task", c.key()));
    }
    if (event instanceof RunEventBody.TaskFailed f) {
      return Optional.of(new Step(children.contains(f.key()) ? "invoke" : "task", f.key()));
    }
    if (event instanceof RunEventBody.WaitRequested w) {
      return Optional.of(new Step("sleep", w.key()));
    }
    if (event instanceof RunEventBody.WaitElapsed e) {
      return Optional.of(new Step("sleep", e.key()));
    }
    return Optional.empty();
  }
}
