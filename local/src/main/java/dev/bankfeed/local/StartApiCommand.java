package dev.bankfeed.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code start-api [--port 3000] [--host 127.0.0.1] [-n ENV_VARS_JSON] [--template FILE]}: serves the
 * template's HttpApi routes on loopback, like `sam local start-api`, until interrupted. Each function runs
 * through Lambda's runtime interface client in a JVM of its own, started at its first request and kept warm.
 */
final class StartApiCommand implements Command {

    static final String SYNOPSIS = "start-api [--port 3000] [--host 127.0.0.1] [-n ENV_VARS_JSON] [--template FILE]";
    static final String SUMMARY = "Serve the functions' HTTP API routes locally, like 'sam local start-api'";

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            CliArgs a = CliArgs.parse(InvokeCommand.samStyle(args), Set.of("port", "host", "env-vars", "template"),
                    Set.of("help"));
            if (a.flag("help")) {
                out.println("Usage: bankfeed " + SYNOPSIS + "\n" + SUMMARY + ".");
                return OK;
            }
            if (!a.positionals().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
            }
            int port = a.number("port", 3000, 0, 65535);
            String host = a.value("host") == null ? "127.0.0.1" : a.value("host");
            Path templateFile = ProjectFiles.resolve(a.value("template"), "template.yaml");
            SamTemplate template = SamTemplate.read(templateFile);
            if (template.routes().isEmpty()) {
                throw new UsageException("the template declares no HttpApi routes");
            }
            Path envVars = a.value("env-vars") == null ? null : Path.of(a.value("env-vars"));
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            for (SamTemplate.Function f : template.functions().values()) {
                environments.put(f.logicalId(), FunctionEnvironment.merge(f, envVars));
            }
            TemplateResources.prepare(template, environments, "start-api", err);
            // Functions start at their first request; a platform the runtime cannot run on is told now.
            LambdaContainer.NativeLibrary.path();
            ApiServer api = new ApiServer(template, environments, err);
            // Ctrl+C or `kill <runner>` must take the functions' JVMs along.
            Runtime.getRuntime().addShutdownHook(new Thread(api::kill));
            InetSocketAddress address = api.start(host, port);
            err.printf("Running on http://%s:%d/ (CTRL+C to quit)%n", host, address.getPort());
            new CountDownLatch(1).await();
            return OK;
        } catch (UsageException | IOException e) {
            err.println("start-api: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ERROR;
        }
    }
}
