package dev.bankfeed.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code invoke FUNCTION -e EVENT_FILE [-n ENV_VARS_JSON] [--template FILE]}: the arguments of
 * `sam local invoke`. Runs the handler template.yaml names for FUNCTION in a fresh JVM against whatever AWS
 * endpoint the environment gives, and prints the handler's JSON answer.
 */
final class InvokeCommand implements Command {

    static final String SYNOPSIS = "invoke FUNCTION -e EVENT_FILE [-n ENV_VARS_JSON] [--template FILE]";
    static final String SUMMARY = "Invoke one function with an event file, like 'sam local invoke'";

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            CliArgs a = CliArgs.parse(samStyle(args), Set.of("event", "env-vars", "template"), Set.of("help"));
            if (a.flag("help")) {
                out.println("Usage: bankfeed " + SYNOPSIS + "\n" + SUMMARY + ".");
                return OK;
            }
            if (a.positionals().size() != 1) {
                throw new UsageException("name exactly one FUNCTION (a logical id in template.yaml)");
            }
            SamTemplate template = SamTemplate.read(ProjectFiles.resolve(a.value("template"), "template.yaml"));
            String name = a.positionals().get(0);
            SamTemplate.Function function = template.function(name).orElseThrow(() -> new UsageException(
                    "no function '" + name + "' in the template (functions: "
                            + String.join(", ", template.functions().keySet()) + ")"));
            Path event = Path.of(a.required("event"));
            if (!Files.isRegularFile(event)) {
                throw new UsageException("-e: no such file: " + event);
            }
            Map<String, String> env = FunctionEnvironment.merge(function,
                    a.value("env-vars") == null ? null : Path.of(a.value("env-vars")));
            Process child = ChildJvm.builder(env, LambdaBootstrap.class, List.of(function.handlerClass(),
                    function.logicalId(), Integer.toString(function.timeoutSeconds()),
                    Integer.toString(function.memoryMb())))
                    .redirectInput(event.toFile())
                    .start();
            Thread errors = pump(child.getErrorStream(), err);
            child.getInputStream().transferTo(out);
            out.flush();
            int code = ChildJvm.waitFor(child);
            errors.join();
            return code == 0 ? OK : ERROR;
        } catch (UsageException e) {
            err.println("invoke: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            err.println("invoke: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ERROR;
        }
    }

    /** Maps sam's short options (-e, -n, -t) to ours. */
    static List<String> samStyle(List<String> args) {
        return args.stream().map(s -> switch (s) {
            case "-e" -> "--event";
            case "-n" -> "--env-vars";
            case "-t" -> "--template";
            case "-p" -> "--port";
            default -> s;
        }).toList();
    }

    static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException ignored) {
                // The child ended; nothing more to copy.
            }
        }, "child-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
