package dev.runlog.examples;

/** The part of a GitHub client the star job uses; a real one calls the REST API. */
public interface GitHub {
  Profile profile(String login) throws Exception;

  /** A stand-in that knows everyone, for running the examples without a GitHub account. */
  static FakeClients.FakeGitHub fake() {
    return new FakeClients.FakeGitHub();
  }
}
