package dev.runlog.sdk;

import dev.runlog.connectors.integration.Integration;
import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.job.RetryPolicy;
import java.util.Objects;

/**
 * An integration a job declared: its name, kind, credentials' source and retry policy.
 *
 * @param retry null: the integration's default
 */
record DeclaredIntegration(String name, Integration<?> integration, Auth auth, RetryPolicy retry) {
  DeclaredIntegration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(auth, "auth");
    if (name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException(
          "an integration's name must be non-empty and without '/': '" + name + "'");
    }
  }

  RetryPolicy effectiveRetry() {
    return retry != null ? retry : integration.defaultRetry();
  }

  IntegrationUse use() {
    return new IntegrationUse(name, integration.kind(), auth.kind());
  }
}
