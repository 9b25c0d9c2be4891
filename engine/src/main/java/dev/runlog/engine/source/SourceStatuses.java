package dev.runlog.engine.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each source's runtime reports on this instance: its state with the reason, its consumer lag,
 * and counters (events sent, dead letters, rejected signatures...). REST, CLI and dashboard read
 * it; {@code /metrics} exports it as {@code runlog_source_lag}, {@code runlog_source_state} and
 * {@code runlog_source_events_total}. Thread-safe: every runtime reports from its own thread.
 */
public final class SourceStatuses {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** A source's status at one moment. */
  public record Status(
      SourceState state, String reason, Instant since, long lag, Map<String, Long> counters) {}

  public SourceStatuses(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Records that source {@code id} is now {@code state}; {@code reason} says why (or null). */
  public void report(String id, SourceState state, String reason) {
    entry(id).report(state, reason, clock.instant());
  }

  /** The source's consumer lag on this instance, in records. */
  public void lag(String id, long records) {
    entry(id).lag.set(records);
  }

  /** Adds one to the source's counter {@code name} (for example {@code rejected-signatures}). */
  public void count(String id, String name) {
    entry(id).counter(name).increment();
  }

  /** The source's status here, empty when its runtime has said nothing (yet). */
  public Optional<Status> get(String id) {
    Entry e = entries.get(id);
    return e == null ? Optional.empty() : Optional.of(e.status());
  }

  /** Drops a deleted source's status and its metrics. */
  public void forget(String id) {
    Entry e = entries.remove(id);
    if (e != null) {
      e.meters.forEach(registry::remove);
    }
  }

  private Entry entry(String id) {
    return entries.computeIfAbsent(id, Entry::new);
  }

  private final class Entry {
    private final String id;
    private final AtomicLong lag = new AtomicLong();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private volatile SourceState state = SourceState.STARTING;
    private volatile String reason;
    private volatile Instant since;

    Entry(String id) {
      this.id = id;
      this.since = clock.instant();
      synchronized (meters) {
        meters.add(
            Gauge.builder("runlog.source.lag", lag, AtomicLong::get)
                .description("records of the source's topics not read yet by this instance")
                .tag("source", id)
                .register(registry));
        for (SourceState s : SourceState.values()) {
          meters.add(
              Gauge.builder("runlog.source.state", () -> state == s ? 1 : 0)
                  .description("1 for the source's state on this instance")
                  .tag("source", id)
                  .tag("state", s.name())
                  .register(registry));
        }
      }
    }

    void report(SourceState now, String why, Instant at) {
      if (now != state) {
        since = at;
      }
      state = now;
      reason = why;
    }

    Counter counter(String name) {
      return counters.computeIfAbsent(
          name,
          n -> {
            Counter c =
                Counter.builder("runlog.source.events")
                    .description("what the source did with what it read, by outcome")
                    .tag("source", id)
                    .tag("outcome", n)
                    .register(registry);
            synchronized (meters) {
              meters.add(c);
            }
            return c;
          });
    }

    Status status() {
      Map<String, Long> counts = new TreeMap<>();
      counters.forEach((n, c) -> counts.put(n, (long) c.count()));
      return new Status(state, reason, since, lag.get(), counts);
    }
  }
}
