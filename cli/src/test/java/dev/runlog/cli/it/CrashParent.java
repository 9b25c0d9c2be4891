package dev.runlog.cli.it;

import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * A worker in a child JVM for {@link RecoveryIT}: it runs parent job {@code gallery} and child job
 * {@code resize}, whose task prints that it started and never ends, so that the process can be
 * killed after the parent's invoke and before the child's end.
 */
final class CrashParent {
  static final Pattern READY = Pattern.compile("crash parent is ready");
  static final Pattern CHILD_STARTED = Pattern.compile("resize started (run_\\w+)");

  private CrashParent() {}

  static ChildJvm start(String bootstrap, String prefix) throws Exception {
    return ChildJvm.started(READY, CrashParent.class.getName(), bootstrap, prefix);
  }

  public static void main(String[] args) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Job<RecoveryIT.Order> resize =
        RecoveryIT.resizeJob(
            runId -> {
              System.out.println("resize started " + runId);
              System.out.flush();
              never.await();
              return 0;
            });
    Worker.start(
        WorkerConfig.of(args[0]).withTopicPrefix(args[1]).withWorkerId("doomed-parent"),
        List.of(RecoveryIT.galleryJob(), resize));
    System.out.println("crash parent is ready");
    System.out.flush();
    never.await(); // until killed
  }
}
