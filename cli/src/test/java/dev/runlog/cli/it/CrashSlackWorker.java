package dev.runlog.cli.it;

import dev.runlog.connectors.slack.Slack;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * A worker in a child JVM for {@link RecoveryIT}: it runs the star job whose task after the Slack
 * post prints that it started and never ends, so that the process can be killed once the post is
 * recorded. Its connections key and Slack's address come as arguments.
 */
final class CrashSlackWorker {
  static final Pattern READY = Pattern.compile("crash slack worker is ready");
  static final Pattern AFTER_POST = Pattern.compile("after the post (run_\\w+)");

  private CrashSlackWorker() {}

  static ChildJvm start(String bootstrap, String prefix, String connectionsKey, String slackUrl)
      throws Exception {
    return ChildJvm.started(
        READY, CrashSlackWorker.class.getName(), bootstrap, prefix, connectionsKey, slackUrl);
  }

  public static void main(String[] args) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Job<RecoveryIT.Star> job =
        RecoveryIT.starJob(
            runId -> {
              System.out.println("after the post " + runId);
              System.out.flush();
              never.await();
              return 0;
            });
    Worker.start(
        WorkerConfig.of(args[0])
            .withTopicPrefix(args[1])
            .withWorkerId("doomed-slack")
            .withSetting("connections.key", args[2])
            .withSetting(Slack.BASE_URL_SETTING, args[3]),
        List.of(job));
    System.out.println("crash slack worker is ready");
    System.out.flush();
    never.await(); // until killed
  }
}
