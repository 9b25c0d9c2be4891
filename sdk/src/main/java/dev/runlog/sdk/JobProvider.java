package dev.runlog.sdk;

import java.util.List;

/**
 * Jobs that {@code runlog dev} finds on its classpath (through {@link java.util.ServiceLoader}) and
 * runs in its embedded worker. List the implementation in {@code
 * META-INF/services/dev.runlog.sdk.JobProvider}.
 */
public interface JobProvider {
  List<Job<?>> jobs();
}
