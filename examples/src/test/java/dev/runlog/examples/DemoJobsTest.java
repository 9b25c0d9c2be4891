package dev.runlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.examples.DemoJobs.Hello;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.testing.JobTest;
import dev.runlog.sdk.testing.TestRun;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoJobsTest {
  @Test
  void helloGreetsShoutsAndMeasures() {
    TestRun run = JobTest.of(DemoJobs.HELLO).start(new Hello("Ada")).replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals(List.of("greet", "shout", "measure"), run.tasks());
    assertEquals(
        Map.of(
            "greeting", "Hello, Ada!", "shout", "HELLO, ADA!", "length", 11, "runId", "run_test"),
        run.result(Map.class));
  }

  @Test
  void noNameIsTheWorld() {
    assertEquals(
        "Hello, world!", JobTest.of(DemoJobs.HELLO).start(null).output("greet", String.class));
  }

  @Test
  void theDemoRunsTheGalleryAndTheChildJobItInvokes() {
    List<String> ids = new DemoJobs().jobs().stream().map(Job::id).toList();
    assertEquals(ids.size(), Set.copyOf(ids).size(), "unique ids: " + ids);
    assertTrue(ids.containsAll(List.of("checkout", "gallery", "resize")), ids.toString());
  }
}
