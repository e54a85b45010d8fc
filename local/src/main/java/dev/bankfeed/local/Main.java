package dev.bankfeed.local;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runner, {@code java -jar bankfeed.jar <command> [args]}. Dispatches to one {@link Command};
 * {@code demo} runs when no command is given. Only {@link #main(String[])} exits the JVM.
 */
public final class Main {

    static {
        // First of all static initializers: registering the commands loads the provider modules, whose classes
        // start loggers, and Log4j reads its configuration once, at the first logger. Set later (in main), the
        // runner's configuration came too late and the functions' JSON layout wrote to standard output.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "bankfeed-local-log4j2.xml");
        }
    }

    /** The command that runs when none is named. */
    static final String DEFAULT_COMMAND = "demo";

    private static final Map<String, Registered> COMMANDS = new LinkedHashMap<>();

    static {
        // Adding a command is one line here. Constructors must stay cheap: every run builds them all.
        register(NormalizeCommand.SYNOPSIS, NormalizeCommand.SUMMARY, new NormalizeCommand());
        register(SandboxCommand.SYNOPSIS, SandboxCommand.SUMMARY, new SandboxCommand());
        register(DemoCommand.SYNOPSIS, DemoCommand.SUMMARY, new DemoCommand());
        register(InvokeCommand.SYNOPSIS, InvokeCommand.SUMMARY, new InvokeCommand());
        register(StartApiCommand.SYNOPSIS, StartApiCommand.SUMMARY, new StartApiCommand());
        register(WorkCommand.SYNOPSIS, WorkCommand.SUMMARY, new WorkCommand());
        register(ExportCommand.SYNOPSIS, ExportCommand.SUMMARY, new ExportCommand());
        register(CheckConnectionCommand.SYNOPSIS, CheckConnectionCommand.SUMMARY, new CheckConnectionCommand());
    }

    private Main() {
    }

    private record Registered(String synopsis, String summary, Command command) {
    }

    /** Registers a command under the first word of its synopsis. */
    private static void register(String synopsis, String summary, Command command) {
        String name = synopsis.split(" ", 2)[0];
        if (COMMANDS.putIfAbsent(name, new Registered(synopsis, summary, command)) != null) {
            throw new IllegalStateException("command '" + name + "' registered twice");
        }
    }

    private static Command unavailable(String name) {
        return new UnavailableCommand(name);
    }

    public static void main(String[] args) {
        // UTF-8 whatever the platform default, and buffered: a large page prints many lines.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(Arrays.asList(args), System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command named by the first argument with the rest; returns its exit code.
     * {@code help}, {@code --help} and {@code -h} print the usage (of one command when named after help).
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        String name = args.isEmpty() ? DEFAULT_COMMAND : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            return help(rest, out, err);
        }
        Registered command = COMMANDS.get(name);
        if (command == null) {
            err.print("bankfeed: unknown command '" + name + "'\n\n" + usage());
            err.flush();
            return Command.ERROR;
        }
        try {
            return command.command().run(rest, in, out, err);
        } catch (RuntimeException e) {
            // Commands report their own failures; this is the last line of defence against a stack trace.
            err.print("bankfeed " + name + ": unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("[\\r\\n]+", " ")) + "\n");
            err.flush();
            return Command.ERROR;
        }
    }

    private static int help(List<String> rest, PrintStream out, PrintStream err) {
        if (rest.isEmpty()) {
            out.print(usage());
            out.flush();
            return Command.OK;
        }
        Registered command = COMMANDS.get(rest.get(0));
        if (command == null) {
            err.print("bankfeed: unknown command '" + rest.get(0) + "'\n\n" + usage());
            err.flush();
            return Command.ERROR;
        }
        return command.command().run(List.of("--help"), InputStream.nullInputStream(), out, err);
    }

    /** The usage of the runner: every command with its synopsis and summary. */
    static String usage() {
        StringBuilder s = new StringBuilder();
        s.append("Usage: java -jar bankfeed.jar <command> [options]\n\n");
        s.append("Commands:\n");
        COMMANDS.forEach((name, c) -> s.append("  ").append(c.synopsis()).append('\n')
                .append("      ").append(c.summary()).append('\n'));
        s.append("  help [COMMAND]\n      Show this help, or the help of one command\n");
        s.append('\n');
        s.append("With no command, runs '").append(DEFAULT_COMMAND).append("'.\n");
        s.append("Exit codes: 0 success, 1 error (wrong arguments, unreadable input, failure),\n");
        s.append("2 some records rejected (normalize); for export and check-connection, 2 is wrong arguments or an\n");
        s.append("invalid file, and 1 a failure reading the table or the provider.\n");
        return s.toString();
    }
}
