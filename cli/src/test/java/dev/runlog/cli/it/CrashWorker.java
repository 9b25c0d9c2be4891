package dev.runlog.cli.it;

import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * A worker in a child JVM, with its defaults, for {@link RecoveryIT}: it runs job {@code slow},
 * whose task prints that it started and then never ends, so that the process can be killed while it
 * holds an execution.
 */
final class CrashWorker {
  static final Pattern READY = Pattern.compile("crash worker is ready");
  static final Pattern STARTED = Pattern.compile("started (run_\\w+)");

  private CrashWorker() {}

  /**
   * Starts one with worker id {@code id} on topic prefix {@code prefix}; returns once its job is
   * registered.
   */
  static ChildJvm start(String bootstrap, String prefix, String id) throws Exception {
    return ChildJvm.started(READY, CrashWorker.class.getName(), bootstrap, prefix, id);
  }

  public static void main(String[] args) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Job<RecoveryIT.Order> job =
        RecoveryIT.slowJob(
            runId -> {
              System.out.println("started " + runId);
              System.out.flush();
              never.await();
              return 0;
            });
    Worker.start(
        WorkerConfig.of(args[0]).withTopicPrefix(args[1]).withWorkerId(args[2]), List.of(job));
    System.out.println("crash worker is ready");
    System.out.flush();
    never.await(); // until killed
  }
}
