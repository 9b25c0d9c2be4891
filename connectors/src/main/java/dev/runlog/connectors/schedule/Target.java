package dev.runlog.connectors.schedule;

/** What a tick does: start a run of one job, or send an event to every job listening to it. */
public sealed interface Target {

  /** A run of the job with this id, whatever event it listens to. */
  record RunJob(String jobId) implements Target {}

  /** An event of this name, which starts a run of every job listening to it. */
  record SendEvent(String eventName) implements Target {}
}
