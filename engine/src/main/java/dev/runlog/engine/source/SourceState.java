package dev.runlog.engine.source;

/** What a source is doing on this engine instance, as its runtime reports it. */
public enum SourceState {
  /** Defined, not running yet (or restarting after a change). */
  STARTING,
  /** Turning what it reads into trigger events. */
  RUNNING,
  /** Paused by a user: reads nothing, keeps its position. */
  PAUSED,
  /** Cannot work now (a topic missing, a registry down, a secret not set): the reason says why. */
  FAILING
}
