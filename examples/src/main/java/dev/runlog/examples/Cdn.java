package dev.runlog.examples;

/** The part of a CDN client the gallery job uses; a real one publishes to the photo's page. */
public interface Cdn {
  void publish(String photoId, String imageUrl) throws Exception;

  /** A stand-in that keeps what it published, for running the examples. */
  static FakeClients.FakeCdn fake() {
    return new FakeClients.FakeCdn();
  }
}
