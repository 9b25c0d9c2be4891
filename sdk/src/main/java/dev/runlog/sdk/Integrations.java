package dev.runlog.sdk;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;

/** What an execution gives its integrations: credentials by name, settings, an HTTP client. */
interface Integrations {

  /**
   * The credentials of integration {@code name} for the run being executed.
   *
   * @throws IntegrationException when there are none (retryable when they may still come)
   */
  Credentials credentials(DeclaredIntegration integration, Context context);

  Optional<String> setting(String name);

  HttpClient httpClient();

  /**
   * These integrations, with the credentials the job's auth resolvers gave for one execution, by
   * integration name.
   */
  default Integrations withResolved(Map<String, Credentials> resolved) {
    if (resolved.isEmpty()) {
      return this;
    }
    Integrations all = this;
    return new Integrations() {
      @Override
      public Credentials credentials(DeclaredIntegration integration, Context context) {
        Credentials given = resolved.get(integration.name());
        return given != null ? given : all.credentials(integration, context);
      }

      @Override
      public Optional<String> setting(String name) {
        return all.setting(name);
      }

      @Override
      public HttpClient httpClient() {
        return all.httpClient();
      }
    };
  }

  /** None: for executions that run no integration (tests of plain jobs). */
  Integrations NONE =
      new Integrations() {
        @Override
        public Credentials credentials(DeclaredIntegration integration, Context context) {
          throw new IntegrationException(
              "no credentials for integration '" + integration.name() + "' here", false);
        }

        @Override
        public Optional<String> setting(String name) {
          return Optional.empty();
        }

        @Override
        public HttpClient httpClient() {
          return HttpClient.newHttpClient();
        }
      };
}
