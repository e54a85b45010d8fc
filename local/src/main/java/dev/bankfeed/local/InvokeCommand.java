package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code invoke FUNCTION -e EVENT_FILE [-n ENV_VARS_JSON] [--template FILE]}: the arguments of
 * `sam local invoke`. Runs the handler template.yaml names for FUNCTION through Lambda's Runtime Interface
 * Client in a fresh JVM, against whatever AWS endpoint the environment gives, and prints what Lambda would
 * return: the handler's answer (exit 0) or Lambda's error object (exit 1). The function's logs go to stderr.
 * With {@code --code JAR} the function's JVM runs the deployment jar on Lambda's class path instead of this
 * runner's ({@link FunctionCode}).
 */
final class InvokeCommand implements Command {

    static final String SYNOPSIS = "invoke FUNCTION -e EVENT_FILE [-n ENV_VARS_JSON] [--template FILE]"
            + " [--code JAR]";
    static final String SUMMARY = "Invoke one function with an event file, like 'sam local invoke'";

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            CliArgs a = CliArgs.parse(samStyle(args), Set.of("event", "env-vars", "template", "code"),
                    Set.of("help"));
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
            // As in Lambda, a trigger dispatches to the function's queue: made here when the endpoint is local.
            TemplateResources.prepare(template, Map.of(name, env), "invoke", err);
            byte[] payload = Files.readAllBytes(event);
            String classPath = a.value("code") == null ? null : FunctionCode.classPath(Path.of(a.value("code")));
            LambdaContainer.Outcome outcome;
            // Closed before anything is printed, so that the function's last log lines come first.
            try (LambdaContainer container = new LambdaContainer(function, env, err, classPath)) {
                // `kill <runner>` must not leave the function's JVM behind.
                Thread hook = new Thread(container::kill);
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    outcome = container.invoke(payload);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // The hook is running already; it needs no removing.
                    }
                }
            }
            RuntimeApi.Result result = outcome.result();
            out.write(result.body());
            if (result.body().length == 0 || result.body()[result.body().length - 1] != '\n') {
                out.println();
            }
            out.flush();
            if (result.error()) {
                err.println("invoke: " + name + " failed: " + describe(result));
                return ERROR;
            }
            err.printf("invoke: %s answered in %d ms, cold start included (a new JVM running Lambda's runtime "
                    + "interface client)%n", name, outcome.duration().toMillis());
            return OK;
        } catch (UsageException e) {
            err.println("invoke: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            err.println("invoke: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("invoke: interrupted");
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

    /** One line: the runtime's error type, then the error's own type and message as Lambda returns them. */
    static String describe(RuntimeApi.Result result) {
        String detail;
        try {
            JsonNode body = BankJson.mapper().readTree(result.body());
            detail = body.path("errorType").isTextual()
                    ? body.path("errorType").asText() + ": " + body.path("errorMessage").asText()
                    : body.path("errorMessage").asText(result.bodyText());
        } catch (IOException e) {
            detail = result.bodyText();
        }
        String firstLine = detail.strip().lines().findFirst().orElse("");
        return result.errorType() == null || firstLine.startsWith(result.errorType())
                ? firstLine : result.errorType() + " (" + firstLine + ")";
    }
}
