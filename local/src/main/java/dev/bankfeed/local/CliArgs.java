package dev.bankfeed.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one command: options with a value ({@code --name value} or {@code --name=value}),
 * flags ({@code --name}) and positionals. {@code --} ends the options; a lone {@code -} is a positional
 * (standard input, by convention).
 */
final class CliArgs {

    private final Map<String, String> values;
    private final Set<String> flags;
    private final List<String> positionals;

    private CliArgs(Map<String, String> values, Set<String> flags, List<String> positionals) {
        this.values = values;
        this.flags = flags;
        this.positionals = positionals;
    }

    /**
     * Parses {@code args}; option names are given without their leading {@code --}.
     *
     * @throws UsageException for an unknown option, a missing value, a value given to a flag, or an
     *     option given twice
     */
    static CliArgs parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unknown option '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (valueOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else if (flagOptions.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                flags.add(name);
            } else {
                throw new UsageException("unknown option '--" + name + "'");
            }
        }
        return new CliArgs(values, flags, positionals);
    }

    /** The value of an option, or null when it was not given. */
    String value(String name) {
        return values.get(name);
    }

    /** The value of an option that must be given and not be blank. */
    String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing --" + name);
        }
        if (v.isBlank()) {
            throw new UsageException("--" + name + " must not be empty");
        }
        return v;
    }

    /** The whole-number value of an option from {@code min} to {@code max}, or {@code fallback} when not given. */
    int number(String name, int fallback, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max);
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positionals() {
        return List.copyOf(positionals);
    }
}
