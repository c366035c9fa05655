package com.seqtag.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;

/**
 * Runs a job's command line: options parsed by picocli (format names in any case), and a mistake
 * the user can fix (a missing column, an existing output, an unreadable model) reported as one line
 * with exit code 2 instead of a stack trace.
 */
final class JobCommandLine {

    /** Exit code for a request the job refused, as picocli uses for bad options. */
    static final int REFUSED = 2;

    private JobCommandLine() {
    }

    /** Parses {@code args} into {@code job}, runs it, and returns the exit code. */
    static int run(Object job, String[] args) {
        CommandLine commandLine = new CommandLine(job).setCaseInsensitiveEnumValuesAllowed(true);
        String name = commandLine.getCommandName();
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            if (error instanceof IllegalArgumentException || error instanceof IOException
                    || error instanceof UncheckedIOException || error instanceof AnalysisException) {
                line.getErr().println(name + ": " + error.getMessage());
                return REFUSED;
            }
            throw error;
        });
        return commandLine.execute(args);
    }
}
