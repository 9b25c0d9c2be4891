package dev.runlog.sdk;

import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Instant;

/** Steps that do nothing (the interface's defaults stay): tests override what they watch. */
class NoSteps implements RunSteps {
  @Override
  public void taskCompleted(String key, String outputJson, Instant startedAt, int attempt) {}

  @Override
  public void taskFailed(
      String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt) {}

  @Override
  public void waitRequested(String key, Instant until) {}

  @Override
  public void boundary() {}

  @Override
  public void checkCanceled() {}

  @Override
  public void taskStarting(String key) {}

  @Override
  public void taskEnded() {}

  @Override
  public void log(String level, String message, String fieldsJson, String key) {}

  @Override
  public void sendEvent(TriggerEvent event) {}
}
