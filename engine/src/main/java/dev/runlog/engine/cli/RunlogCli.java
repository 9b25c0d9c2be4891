package dev.runlog.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runlog} command. */
@Command(name = "runlog", mixinStandardHelpOptions = true, version = "runlog 0.1.0",
    description = "A Kafka-native, event-sourced run engine.",
    subcommands = {DevCommand.class, EngineCommand.class})
public final class RunlogCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RunlogCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
