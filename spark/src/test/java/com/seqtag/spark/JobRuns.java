package com.seqtag.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a job's command line in the test JVM, as spark-submit would on a local master, capturing what it prints. */
public final class JobRuns {

    private JobRuns() {
    }

    /** Parses {@code args} into {@code job} and runs it; standard output and error are captured. */
    public static Result run(Object job, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = JobCommandLine.run(job, args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    /**
     * What a run left.
     *
     * @param code its exit code
     * @param out  what it printed on standard output
     * @param err  what it printed on standard error
     */
    public record Result(int code, String out, String err) {
    }
}
