package dev.runlog.protocol.codec;

import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;

/** {@code sources} values. */
public final class SourceDefinitionCodec implements Codec<SourceDefinition> {
  private final AvroBinary<dev.runlog.protocol.avro.SourceDefinition> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.SourceDefinition.getEncoder(),
          dev.runlog.protocol.avro.SourceDefinition.getClassSchema());

  @Override
  public byte[] encode(SourceDefinition s) {
    return avro.encode(
        new dev.runlog.protocol.avro.SourceDefinition(
            s.id(), s.kind().name(), s.paused(), s.spec(), s.updatedAt()));
  }

  @Override
  public SourceDefinition decode(byte[] bytes) {
    var a = avro.decode(bytes);
    SourceKind kind;
    try {
      kind = SourceKind.valueOf(a.getKind());
    } catch (IllegalArgumentException e) {
      throw new DecodeException("unknown source kind " + a.getKind());
    }
    return new SourceDefinition(a.getId(), kind, a.getPaused(), a.getSpec(), a.getUpdatedAt());
  }
}
