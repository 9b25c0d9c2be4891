package dev.runlog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runlog} command. */
@Command(
    name = "runlog",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A Kafka-native, event-sourced run engine.",
    subcommands = {
      DevCommand.class,
      EngineCommand.class,
      WorkerCommand.class,
      SendCommand.class,
      JobsCommand.class,
      SourcesCommand.class,
      SchedulesCommand.class,
      ConnectionsCommand.class,
      RunsCommand.class,
      RunCommand.class,
      LogsCommand.class,
      CancelCommand.class,
      ContinueCommand.class,
      ReplayCommand.class,
      BenchCommand.class,
      HealthCommand.class,
      KeysCommand.class
    },
    // the numbers are EngineConnection's constants and picocli's ExitCode.USAGE; scripts rely on
    // them
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:the engine refused the request (4xx: unknown run or job, canceling a finished run, a bad event, no or a wrong API key); "
          + "its message is on stderr",
      "2:bad usage: unknown command or option, missing or invalid argument",
      "3:cannot reach the engine at --url (connection refused, time-out, an untrusted TLS certificate, or a 5xx answer such as 503 while it starts)",
      "4:runlog engine would not start with its settings (for example no API keys on an address other machines reach); the reason is on stderr",
      "5:send --wait, run --follow: a run ended in another status than SUCCESS (FAILURE, CANCELED, TIMED_OUT...), or the event started no run",
      "6:send --wait, run --follow: --timeout passed before the runs ended",
      "7:runlog engine, runlog worker or runlog dev stopped after an error it cannot get past (Kafka Streams failed; another worker took the worker's group.instance.id, refused credentials); the reason is on stderr"
    })
public final class RunlogCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RunlogCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
