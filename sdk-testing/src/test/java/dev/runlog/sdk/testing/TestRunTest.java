package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.trigger.TriggerEvent;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Retry;
import dev.runlog.sdk.TaskFailedException;
import dev.runlog.sdk.TypeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestRunTest {
  record Order(String id) {}

  record Item(String sku, int quantity) {}

  @Test
  void aSleepWaitsUntilTheTestElapsesItAndCompletedTasksDoNotRunAgain() {
    AtomicInteger charges = new AtomicInteger();
    AtomicInteger mails = new AtomicInteger();
    Job<Order> job =
        Job.named("checkout")
            .on("order.placed", Order.class)
            .call(
                (order, io) -> {
                  Integer receipt = io.runTask("charge", Integer.class, charges::incrementAndGet);
                  io.sleep("grace period", Duration.ofMinutes(10));
                  io.runTask("mail", () -> mails.incrementAndGet());
                  return "receipt " + receipt;
                });
    TestRun run = JobTest.of(job).start(new Order("o-1"));
    assertEquals(TestRun.Status.WAITING, run.status());
    assertEquals(
        new TestRun.Pending("sleep", "grace period", JobTest.DEFAULT_START.plusSeconds(600)),
        run.pending().orElseThrow());
    assertEquals(List.of("charge"), run.tasks());

    run.elapse().replay().replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals(List.of("charge", "mail"), run.tasks());
    assertEquals("receipt 1", run.result(String.class));
    assertEquals(1, charges.get(), "replayed, not run again");
    assertEquals(1, mails.get());
    assertEquals(JobTest.DEFAULT_START.plusSeconds(600), run.now());
  }

  @Test
  void aFailingTaskIsRetriedAfterItsBackOff() {
    AtomicInteger calls = new AtomicInteger();
    Job<Order> job =
        Job.named("flaky")
            .on("flaky", Order.class)
            .call(
                (order, io) ->
                    io.runTask(
                        "call",
                        String.class,
                        Retry.times(3).withoutJitter(),
                        () -> {
                          if (calls.incrementAndGet() < 3) {
                            throw new IllegalStateException("503");
                          }
                          return "ok";
                        }));
    TestRun run = JobTest.of(job).start(new Order("o"));
    assertEquals("retry", run.pending().orElseThrow().kind());
    run.runToEnd();
    assertEquals("ok", run.result(String.class));
    assertEquals(3, calls.get());
    assertEquals(JobTest.DEFAULT_START.plusSeconds(1 + 2), run.now(), "1 s, then 2 s of back-off");
  }

  @Test
  void aTaskThatFailsForGoodFailsTheRun() {
    Job<Order> job =
        Job.named("doomed")
            .on("doomed", Order.class)
            .run(
                (order, io) ->
                    io.runTask(
                        "call",
                        () -> {
                          throw new IllegalStateException("gone");
                        }));
    TestRun run = JobTest.of(job).start(new Order("o"));
    assertEquals(TestRun.Status.WAITING, run.status(), "retried 3 times by default");
    run.runToEnd().replay();
    assertEquals(TestRun.Status.FAILED, run.status());
    assertInstanceOf(TaskFailedException.class, run.error());
    assertEquals(4, run.log().size(), "four TaskFailed: the first attempt and three retries");
    assertEquals(
        TestRun.Status.FAILED,
        JobTest.of(job.retry(Retry.none())).start(new Order("o")).status(),
        "no retry: the first failure is final");
  }

  @Test
  void genericOutputsComeBackAsTheirTypesOnEveryReplay() {
    Job<Order> job =
        Job.named("cart")
            .on("cart", Order.class)
            .call(
                (order, io) -> {
                  List<Item> items =
                      io.runTask(
                          "items", new TypeRef<List<Item>>() {}, () -> List.of(new Item("a", 2)));
                  Map<String, Item> bySku =
                      io.runTask(
                          "by sku",
                          new TypeRef<Map<String, Item>>() {},
                          () -> Map.of("a", new Item("a", 2)));
                  io.sleep("pause", Duration.ofSeconds(1));
                  return items.get(0).quantity() + bySku.get("a").quantity();
                });
    TestRun run = JobTest.of(job).start(new Order("o")).runToEnd().replay();
    assertEquals(4, run.result(Integer.class));
    assertEquals(List.of(new Item("a", 2)), run.output("items", new TypeRef<List<Item>>() {}));
  }

  @Test
  void aTaskWhoseOutputComesBackAsAnotherTypeFailsTheTest() {
    Job<Order> job =
        Job.named("loose")
            .on("loose", Order.class)
            .run(
                (order, io) -> {
                  Object item = io.runTask("item", Object.class, () -> new Item("a", 1));
                  io.sleep("pause", Duration.ofSeconds(1));
                  io.logger().info("item " + item);
                });
    TestRun run = JobTest.of(job).start(new Order("o"));
    AssertionError e = assertThrows(AssertionError.class, run::elapse);
    assertTrue(
        e.getMessage().contains("task 'item' gives the code other types on a replay"),
        e.getMessage());
    assertTrue(e.getMessage().contains("LinkedHashMap replayed"), e.getMessage());
  }

  @Test
  void anEventIsSentOnceWhateverTheReplays() {
    Job<Order> job =
        Job.named("notify")
            .on("order.placed", Order.class)
            .run(
                (order, io) -> {
                  io.sendEvent("ship it", "order.ship", order, Duration.ofHours(1));
                  io.sleep("pause", Duration.ofSeconds(1));
                });
    TestRun run = JobTest.of(job).start(new Order("o-7")).runToEnd().replay();
    List<TriggerEvent> sent = run.sentEvents();
    assertEquals(1, sent.size());
    assertEquals("order.ship", sent.get(0).name());
    assertEquals("{\"id\":\"o-7\"}", sent.get(0).payload());
    assertEquals(JobTest.DEFAULT_START.plusSeconds(3600), sent.get(0).deliverAt());
    assertEquals(List.of("ship it"), run.tasks());
  }

  @Test
  void nowRandomAndUuidAreStableAcrossResumes() {
    Job<Order> job =
        Job.named("stable")
            .on("stable", Order.class)
            .call(
                (order, io) -> {
                  Instant started = io.now();
                  String id = io.uuid() + "/" + io.random();
                  io.sleep("pause", Duration.ofHours(1));
                  return started + " " + id;
                });
    TestRun run = JobTest.of(job).start(new Order("o"));
    run.runToEnd().replay();
    assertTrue(
        run.result(String.class).startsWith(JobTest.DEFAULT_START + " "),
        "the time of the first execution, not of the resume an hour later");
  }

  @Test
  void logLinesAreKeptOnce() {
    Job<Order> job =
        Job.named("chatty")
            .on("chatty", Order.class)
            .run(
                (order, io) -> {
                  io.logger().info("before");
                  io.sleep("pause", Duration.ofSeconds(1));
                  io.logger().warn("after");
                });
    TestRun run = JobTest.of(job).start(new Order("o")).runToEnd();
    assertEquals(List.of("INFO before", "WARN after"), run.logLines());
  }
}
