package dev.bankfeed.local;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the local runner. A command never calls {@code System.exit}: it returns its exit code,
 * so that tests can run it in-process with byte streams; only {@link Main#main(String[])} exits.
 */
public interface Command {

    /** Everything went well. */
    int OK = 0;

    /** Wrong arguments, unreadable or unparseable input, or an unexpected failure. */
    int ERROR = 1;

    /** The input was processed, but some records were rejected. */
    int REJECTED = 2;

    /**
     * Wrong arguments or an invalid input file, for the commands that tell them apart from a failure at run time
     * ({@code export}, {@code check-connection}), so that a script can tell "fix the call" from "try again".
     */
    int USAGE = 2;

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param in standard input
     * @param out standard output; results only
     * @param err standard error; diagnostics, one line each
     * @return the exit code: {@link #OK}, {@link #ERROR}, {@link #REJECTED} or {@link #USAGE}
     */
    int run(List<String> args, InputStream in, PrintStream out, PrintStream err);
}
