package dev.bankfeed.local;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** A command whose name is reserved but which this build does not provide yet. */
final class UnavailableCommand implements Command {

    private final String name;

    UnavailableCommand(String name) {
        this.name = name;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        err.print("bankfeed " + name + ": not available in this build yet\n");
        err.flush();
        return ERROR;
    }
}
