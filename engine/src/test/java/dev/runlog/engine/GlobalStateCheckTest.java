package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalStateCheckTest {
  @TempDir Path stateDir;

  @Test
  void aStoreReadFromATopicMadeAgainSinceMustBeReadAgain() {
    Path idFile = GlobalStateCheck.topicIdFile(stateDir, "app");
    // a first start (or an engine from before the check) knows no id: nothing to drop
    assertEquals(Optional.empty(), GlobalStateCheck.readFromAnotherTopic(idFile, "t.jobs", "A"));
    GlobalStateCheck.remember(idFile, "A");
    assertEquals(Optional.empty(), GlobalStateCheck.readFromAnotherTopic(idFile, "t.jobs", "A"));
    assertEquals(
        Optional.of("topic t.jobs was made again (its id was A, is B)"),
        GlobalStateCheck.readFromAnotherTopic(idFile, "t.jobs", "B"));
    // not remembered until the store is dropped: a crash in between drops it again
    assertEquals(
        Optional.of("topic t.jobs was made again (its id was A, is B)"),
        GlobalStateCheck.readFromAnotherTopic(idFile, "t.jobs", "B"));
    GlobalStateCheck.remember(idFile, "B");
    assertEquals(Optional.empty(), GlobalStateCheck.readFromAnotherTopic(idFile, "t.jobs", "B"));
  }

  @Test
  void droppingTheStoreDeletesItsFiles() throws Exception {
    Path global = GlobalStateCheck.globalDir(stateDir, "app");
    GlobalStateCheck.drop(global); // none yet
    Files.createDirectories(global.resolve("rocksdb").resolve("jobs"));
    Files.writeString(global.resolve("rocksdb").resolve("jobs").resolve("000001.sst"), "x");
    GlobalStateCheck.drop(global);
    assertFalse(Files.exists(global));
  }
}
