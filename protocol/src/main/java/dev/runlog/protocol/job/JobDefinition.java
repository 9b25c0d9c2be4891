package dev.runlog.protocol.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A job as a worker registers it on the compacted {@code jobs} topic, keyed by {@link #id()}.
 * Nullable fields mean "the engine's default".
 *
 * @param schedules the schedules its code declares (never null)
 * @param integrations the integrations its code calls (never null)
 */
public record JobDefinition(
    String id,
    String version,
    String eventName,
    String queue,
    String payloadSchema,
    Integer concurrencyLimit,
    NamedLimit sharedLimit,
    KeyLimit keyLimit,
    Long maxDurationMillis,
    Long sliceMillis,
    Long leaseMillis,
    Integer maxDispatchesWithoutProgress,
    RetryPolicy retry,
    Instant registeredAt,
    String workerId,
    List<JobSchedule> schedules,
    List<IntegrationUse> integrations) {

  public static final String DEFAULT_QUEUE = "default";

  public JobDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(registeredAt, "registeredAt");
    queue = queue == null || queue.isBlank() ? DEFAULT_QUEUE : queue;
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
    integrations = integrations == null ? List.of() : List.copyOf(integrations);
  }

  /** This job with this payload JSON Schema (null: no validation). */
  public JobDefinition withPayloadSchema(String payloadSchema) {
    return edit(e -> e.payloadSchema = payloadSchema);
  }

  /** This job with at most this many runs executing at once (null: no limit). */
  public JobDefinition withConcurrencyLimit(Integer concurrencyLimit) {
    return edit(e -> e.concurrencyLimit = concurrencyLimit);
  }

  /** This job with a limit shared with every job that names it (null: none). */
  public JobDefinition withSharedLimit(NamedLimit sharedLimit) {
    return edit(e -> e.sharedLimit = sharedLimit);
  }

  /** This job with a per-key limit (null: none). */
  public JobDefinition withKeyLimit(KeyLimit keyLimit) {
    return edit(e -> e.keyLimit = keyLimit);
  }

  /** This job with a maximum run duration in milliseconds (null: none). */
  public JobDefinition withMaxDurationMillis(Long maxDurationMillis) {
    return edit(e -> e.maxDurationMillis = maxDurationMillis);
  }

  /** This job with a lease in milliseconds (null: the engine's default). */
  public JobDefinition withLeaseMillis(Long leaseMillis) {
    return edit(e -> e.leaseMillis = leaseMillis);
  }

  /** This job as registered by this worker (null: none named). */
  public JobDefinition withWorkerId(String workerId) {
    return edit(e -> e.workerId = workerId);
  }

  /** This job with these schedules (null: none). */
  public JobDefinition withSchedules(List<JobSchedule> schedules) {
    return edit(e -> e.schedules = schedules);
  }

  /** This job with these integrations (null: none). */
  public JobDefinition withIntegrations(List<IntegrationUse> integrations) {
    return edit(e -> e.integrations = integrations);
  }

  /** The integration the job declared under {@code name}, if any. */
  public java.util.Optional<IntegrationUse> integration(String name) {
    return integrations.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** A job with every option at its default. */
  public static JobDefinition of(
      String id, String version, String eventName, Instant registeredAt) {
    return new JobDefinition(
        id,
        version,
        eventName,
        DEFAULT_QUEUE,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        registeredAt,
        null,
        List.of(),
        List.of());
  }

  /** This job with what {@code change} sets; the other fields as they are. */
  private JobDefinition edit(Consumer<Edit> change) {
    Edit edit = new Edit(this);
    change.accept(edit);
    return edit.build();
  }

  /** A mutable copy of a definition: each wither changes one field, not seventeen. */
  private static final class Edit {
    private String id;
    private String version;
    private String eventName;
    private String queue;
    private String payloadSchema;
    private Integer concurrencyLimit;
    private NamedLimit sharedLimit;
    private KeyLimit keyLimit;
    private Long maxDurationMillis;
    private Long sliceMillis;
    private Long leaseMillis;
    private Integer maxDispatchesWithoutProgress;
    private RetryPolicy retry;
    private Instant registeredAt;
    private String workerId;
    private List<JobSchedule> schedules;
    private List<IntegrationUse> integrations;

    Edit(JobDefinition j) {
      id = j.id;
      version = j.version;
      eventName = j.eventName;
      queue = j.queue;
      payloadSchema = j.payloadSchema;
      concurrencyLimit = j.concurrencyLimit;
      sharedLimit = j.sharedLimit;
      keyLimit = j.keyLimit;
      maxDurationMillis = j.maxDurationMillis;
      sliceMillis = j.sliceMillis;
      leaseMillis = j.leaseMillis;
      maxDispatchesWithoutProgress = j.maxDispatchesWithoutProgress;
      retry = j.retry;
      registeredAt = j.registeredAt;
      workerId = j.workerId;
      schedules = j.schedules;
      integrations = j.integrations;
    }

    JobDefinition build() {
      return new JobDefinition(
          id,
          version,
          eventName,
          queue,
          payloadSchema,
          concurrencyLimit,
          sharedLimit,
          keyLimit,
          maxDurationMillis,
          sliceMillis,
          leaseMillis,
          maxDispatchesWithoutProgress,
          retry,
          registeredAt,
          workerId,
          schedules,
          integrations);
    }
  }
}
