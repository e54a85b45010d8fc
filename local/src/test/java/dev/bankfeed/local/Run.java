package dev.bankfeed.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The outcome of one command run, in-process or as a subprocess: exit code, stdout bytes, stderr text. */
record Run(int exit, byte[] stdoutBytes, String stderr) {

    /** Runs {@code command} in-process with byte streams whose PrintStreams use {@code charset}. */
    static Run of(Command command, List<String> args, byte[] stdin, Charset charset) {
        return capture(charset, (in, streams) -> command.run(args, in, streams[0], streams[1]), stdin);
    }

    static Run of(Command command, List<String> args, byte[] stdin) {
        return of(command, args, stdin, UTF_8);
    }

    static Run of(Command command, String... args) {
        return of(command, List.of(args), new byte[0]);
    }

    /** Runs the dispatcher in-process, as {@code java -jar bankfeed.jar args} would. */
    static Run main(String... args) {
        return capture(UTF_8, (in, streams) -> Main.run(List.of(args), in, streams[0], streams[1]), new byte[0]);
    }

    private interface Body {
        int run(InputStream in, PrintStream[] outAndErr);
    }

    private static Run capture(Charset charset, Body body, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, charset);
        PrintStream e = new PrintStream(err, true, charset);
        int exit = body.run(new ByteArrayInputStream(stdin), new PrintStream[] {o, e});
        o.flush();
        e.flush();
        return new Run(exit, out.toByteArray(), err.toString(charset));
    }

    String stdout() {
        return new String(stdoutBytes, UTF_8);
    }

    /** The stdout lines, each without its '\n'. */
    List<String> lines() {
        return splitLines(stdout(), "stdout");
    }

    /** The stderr lines, each without its '\n'. */
    List<String> stderrLines() {
        return splitLines(stderr, "stderr");
    }

    /** Each stdout line parsed as JSON. */
    List<JsonNode> records() {
        return lines().stream().map(line -> {
            try {
                return BankJson.mapper().readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<String> splitLines(String s, String stream) {
        if (s.isEmpty()) {
            return List.of();
        }
        if (!s.endsWith("\n")) {
            throw new AssertionError(stream + " does not end with a line feed: " + s);
        }
        return List.of(s.substring(0, s.length() - 1).split("\n", -1));
    }

    static byte[] resource(String name) {
        try (InputStream in = Run.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource copied to a file in {@code dir}, for commands that read a FILE. */
    static Path resourceFile(Path dir, String name) {
        try {
            return Files.write(dir.resolve(name), resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
