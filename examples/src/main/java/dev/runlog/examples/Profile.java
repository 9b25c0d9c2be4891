package dev.runlog.examples;

/** A GitHub user as {@link GitHub#profile} gives it. */
public record Profile(String login, String name, int followers) {}
