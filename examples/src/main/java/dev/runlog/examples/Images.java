package dev.runlog.examples;

/** The part of an image service the resize job uses; a real one scales the file and stores it. */
public interface Images {
  /** Scales the image at {@code url} to {@code width} pixels; returns the new image's URL. */
  String resize(String url, int width) throws Exception;

  /** A stand-in that names the resized image after the original, for running the examples. */
  static FakeClients.FakeImages fake() {
    return new FakeClients.FakeImages();
  }
}
