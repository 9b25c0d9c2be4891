package dev.runlog.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retention curve, small: it runs, samples and prints. ({@code -Dcurve.retention=20
 * -Dcurve.seconds=120 -Dcurve.rate=20} for a longer one; {@code runlog bench --retention-curve} is
 * the command.) What the curve shows (flat after the retention) depends on the machine keeping up
 * with the load; that runs expire and the stores empty is {@code RetentionIT}'s to prove.
 */
class RetentionCurveIT {
  @Test
  void theCurveIsSampledAndPrinted() throws Exception {
    RetentionCurve curve =
        new RetentionCurve(
            null,
            Duration.ofSeconds(Long.getLong("curve.retention", 3)),
            Duration.ofSeconds(Long.getLong("curve.seconds", 8)),
            Integer.getInteger("curve.rate", 10),
            Duration.ofSeconds(Long.getLong("curve.every", 2)),
            2);
    List<RetentionCurve.Sample> samples = curve.run();
    String table = curve.table(samples);
    System.out.println(table);
    assertTrue(samples.size() >= curve.duration().toSeconds() / curve.every().toSeconds(), table);
    assertTrue(samples.get(samples.size() - 1).runsSent() > 0, table);
    assertTrue(table.contains("disk MB"), table);
  }
}
