package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class InternalTopicCreationTest {
  @Test
  void theMainConsumerBacksOffBrieflyUnlessTheEngineIsToldOtherwise() {
    Properties p = new Properties();
    InternalTopicCreation.apply(p);
    assertEquals(10, p.get("main.consumer.retry.backoff.ms"));

    for (String set :
        new String[] {
          "retry.backoff.ms", "consumer.retry.backoff.ms", "main.consumer.retry.backoff.ms"
        }) {
      Properties told = new Properties();
      told.put(set, "250"); // kafka.<key> of the engine's settings
      InternalTopicCreation.apply(told);
      assertEquals("250", told.get(set), set);
      assertEquals(1, told.size(), set + " is overridden");
    }
  }
}
