package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class SchemaHistoryTest {

  /**
   * A schema change must add the new schema to src/main/resources/schema-history, so that readers
   * keep it.
   */
  @Test
  void everyCurrentSchemaIsInTheHistory() {
    Set<Long> history =
        SchemaHistory.schemas().stream()
            .map(SchemaNormalization::parsingFingerprint64)
            .collect(Collectors.toSet());
    for (Schema current :
        List.of(
            dev.runlog.protocol.avro.TriggerEvent.getClassSchema(),
            dev.runlog.protocol.avro.RunEvent.getClassSchema(),
            dev.runlog.protocol.avro.ExecuteRun.getClassSchema(),
            dev.runlog.protocol.avro.JobDefinition.getClassSchema(),
            dev.runlog.protocol.avro.DeadLetter.getClassSchema(),
            dev.runlog.protocol.avro.SourceDefinition.getClassSchema())) {
      assertTrue(
          history.contains(SchemaNormalization.parsingFingerprint64(current)),
          current.getName()
              + " changed: add its new schema to protocol/src/main/resources/schema-history");
    }
  }
}
