package dev.runlog.connectors.integration;

import java.lang.reflect.Type;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What an integration's client gets from the run it serves: its credentials, its settings, and the
 * way to make each call a task.
 */
public interface IntegrationContext {

  /** The name the job declared the integration under (its connection's name). */
  String name();

  /**
   * The credentials of this run: its managed connection (for its account, when per account), or
   * what the worker's auth resolver gave. Call it inside {@link #task}, so that a missing
   * connection is a failed attempt that is retried, not a failed run. Null when the job declared
   * the integration with {@code Auth.none()}.
   *
   * @throws IntegrationException when there are none (retryable when they may still come: a
   *     connection the worker has not read yet)
   */
  Credentials credentials();

  /**
   * A worker setting, such as {@code slack.base.url}: from the worker's configuration, else the
   * environment variable {@code RUNLOG_SLACK_BASE_URL}.
   */
  Optional<String> setting(String name);

  /** The worker's shared HTTP client. */
  HttpClient httpClient();

  /**
   * Runs {@code call} as task {@code key} of the run, labelled with this integration and {@code
   * operation}: memoized like {@code io.runTask}, retried by the integration's policy.
   */
  <T> T task(String key, String operation, Type outputType, Callable<T> call);
}
