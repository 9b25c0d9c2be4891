package dev.runlog.connectors.http;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationContext;
import java.lang.reflect.Type;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * An integration's context that runs each task's call at once, as the first attempt of a task does,
 * and records the tasks it was asked for: what a client's unit test needs, without a run.
 */
public final class DirectContext implements IntegrationContext {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final Credentials credentials;
  private final Map<String, String> settings;
  public final List<String> tasks = new ArrayList<>();

  public DirectContext(Credentials credentials, Map<String, String> settings) {
    this.credentials = credentials;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  @Override
  public HttpClient httpClient() {
    return CLIENT;
  }

  @Override
  public <T> T task(String key, String operation, Type outputType, Callable<T> call) {
    tasks.add(key + " " + operation);
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
