package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.KafkaRecord;
import dev.runlog.sdk.RecordWritten;
import dev.runlog.sdk.TypeRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaSendHarnessTest {
  record Order(String id) {}

  @Test
  void aJobThatSendsToKafkaRunsInTheHarnessAndItsReplayDoesNotSendAgain() {
    Job<Order> job =
        Job.named("ship")
            .on("order.shipped", Order.class)
            .call(
                (order, io) -> {
                  List<RecordWritten> written =
                      io.kafka()
                          .send(
                              "notify",
                              "orders.out",
                              KafkaRecord.of(order.id(), order),
                              KafkaRecord.of(order.id(), "again"));
                  io.sleep("cool down", Duration.ofMinutes(1));
                  return written.size();
                });
    TestRun run = JobTest.of(job).start(new Order("o-1"));
    assertEquals(
        List.of(new RecordWritten("orders.out", 0, 0), new RecordWritten("orders.out", 0, 1)),
        run.output("notify", new TypeRef<List<RecordWritten>>() {}));
    run.elapse().replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals(2, run.result(Integer.class));
    assertEquals(
        1,
        run.log().stream()
            .filter(e -> e instanceof RunEventBody.TaskCompleted c && c.key().equals("notify"))
            .count(),
        "sent once: " + run.log());
  }
}
