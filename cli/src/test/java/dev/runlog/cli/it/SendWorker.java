package dev.runlog.cli.it;

import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * A worker in a child JVM for {@link ExactlyOnceSendIT}, running job {@code ship}: with {@code
 * before}, it halts once its Kafka send's {@code TaskCompleted} is acknowledged and before the
 * commit ({@link HaltOnCompletion}); with {@code after}, the job halts it right after the send
 * returned.
 */
final class SendWorker {
  static final Pattern READY = Pattern.compile("send worker is ready");
  static final Pattern HALTING = Pattern.compile("halting (before|after) the commit");

  private SendWorker() {}

  static ChildJvm start(String bootstrap, String prefix, String topic, String when, Path marker)
      throws Exception {
    return ChildJvm.started(
        READY, SendWorker.class.getName(), bootstrap, prefix, topic, when, marker.toString());
  }

  public static void main(String[] args) throws Exception {
    String prefix = args[1];
    boolean before = "before".equals(args[3]);
    Map<String, Object> kafka = new HashMap<>(ExactlyOnceSendIT.QUICK_EVICTION);
    if (before) {
      kafka.put("interceptor.classes", HaltOnCompletion.class.getName());
      kafka.put(HaltOnCompletion.TOPIC, prefix + ".run-events");
    }
    Worker.start(
        WorkerConfig.of(args[0]).withTopicPrefix(prefix).withWorkerId("doomed").withKafka(kafka),
        List.of(ExactlyOnceSendIT.shipJob(args[2], before ? null : Path.of(args[4]))));
    System.out.println("send worker is ready");
    System.out.flush();
    new CountDownLatch(1).await(); // until it halts or is killed
  }
}
