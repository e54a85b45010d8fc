package dev.bankfeed.local;

import dev.bankfeed.sandbox.SandboxMain;
import dev.bankfeed.sandbox.SandboxModules;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code sandbox --port N --seed S --accounts A --transactions T}: serves the providers' sandbox APIs on
 * loopback and prints the connection file that points at it, until interrupted.
 */
final class SandboxCommand implements Command {

    static final String SYNOPSIS = "sandbox [--port N] [--seed S] [--accounts A] [--transactions T] [...]";
    static final String SUMMARY = "Serve the sandbox APIs of " + String.join(", ", SandboxModules.ids())
            + " on loopback; prints the connection file";

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        // The sandbox says 2 for bad arguments; in this runner 2 means "records rejected".
        return SandboxMain.runBlocking(args.toArray(String[]::new), out, err) == 0 ? OK : ERROR;
    }
}
