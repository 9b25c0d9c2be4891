package dev.runlog.engine.run;

import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.run.RunEventBody.RunAuthUnresolved;
import dev.runlog.protocol.run.RunEventBody.RunWaitingOnConnections;
import java.util.List;
import java.util.function.Predicate;

/**
 * What managed connections do to a run's start, for {@link RunMachine}: a run whose job needs one
 * that does not exist waits for it (WAITING_ON_CONNECTIONS, asking admission for nothing), and a
 * run of a per-account integration without an account cannot have one at all (UNRESOLVED_AUTH).
 */
final class ConnectionGate {
  private ConnectionGate() {}

  /**
   * The end of a run whose event has no {@code accountId} while its job takes the connection of an
   * integration per account, or null when it lacks no account: no connection could ever be found
   * for it, and waiting would only end in a time-out.
   */
  static RunAuthUnresolved accountMissing(RunPolicy policy, String context) {
    IntegrationUse use = policy.accountMissing(context);
    return use == null
        ? null
        : new RunAuthUnresolved(
            use.name(),
            "job "
                + policy.jobId()
                + " takes the connection of integration '"
                + use.name()
                + "' per account, and this run's event has no accountId in its context");
  }

  /**
   * True, having appended {@code RunWaitingOnConnections} to {@code then}, when a connection of
   * {@code needed} does not exist: the run waits instead of starting.
   */
  static boolean waits(List<String> needed, Predicate<String> connected, Decision.Builder then) {
    List<String> missing = missing(needed, connected);
    if (missing.isEmpty()) {
      return false;
    }
    then.append(new RunWaitingOnConnections(missing));
    return true;
  }

  /** The connections among {@code needed} that do not exist. */
  static List<String> missing(List<String> needed, Predicate<String> connected) {
    return needed.isEmpty()
        ? List.of()
        : needed.stream().filter(key -> !connected.test(key)).toList();
  }
}
