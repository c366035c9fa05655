package com.seqtag.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seqtag} command line: train and evaluate models with the same code the service runs. */
@Command(name = "seqtag", mixinStandardHelpOptions = true, version = "SeqTag 0.1",
        description = "Named-entity recognition with a bidirectional LSTM. Without a command, "
                + "'java -jar seqtag.jar' starts the HTTP service.",
        subcommands = {TrainCommand.class, EvaluateCommand.class})
public final class SeqTagCommand {

    private static final Set<String> COMMANDS = Set.of("train", "evaluate", "help", "--help", "-h", "--version", "-V");

    /** Whether the program arguments ask for the command line rather than the HTTP service. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String[] args) {
        return new CommandLine(new SeqTagCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    // Bad input (a malformed file, an impossible setting) deserves a message, not a stack trace.
                    if (exception instanceof IllegalArgumentException || exception instanceof IOException
                            || exception instanceof UncheckedIOException) {
                        commandLine.getErr().println("error: " + exception.getMessage());
                        return 2;
                    }
                    throw exception;
                })
                .execute(args);
    }
}
