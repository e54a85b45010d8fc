package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.normalize.BankJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a function sees when run locally, merged as `sam local invoke` merges it: this process's
 * environment, then the function's variables in template.yaml (Globals first), then the -n file, whose
 * "Parameters" object applies to every function and whose "&lt;LogicalId&gt;" object to that function.
 */
final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    static Map<String, String> merge(SamTemplate.Function function, Path envVarsFile) throws IOException,
            UsageException {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.putAll(function.environment());
        if (envVarsFile != null) {
            JsonNode overrides = readOverrides(envVarsFile);
            for (String section : List.of("Parameters", function.logicalId())) {
                JsonNode vars = overrides.path(section);
                if (!vars.isMissingNode() && !vars.isObject()) {
                    throw new UsageException("-n: '" + section + "' must be an object of variables");
                }
                vars.fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
            }
        }
        // The SDK needs a region; sam local takes it from the profile, we default like the CLI does.
        env.putIfAbsent("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        // Lambda sets it for every on-demand start; Powertools reads it to mark the first invocation a cold start.
        env.putIfAbsent("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        // The handler's answer goes to stdout; EMF metrics would interleave with it.
        env.putIfAbsent("BANKFEED_METRICS", "none");
        return env;
    }

    private static JsonNode readOverrides(Path file) throws IOException, UsageException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("-n: no such file: " + file);
        }
        JsonNode node;
        try {
            node = BankJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageException("-n: " + file + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new UsageException("-n: " + file + " must hold a JSON object");
        }
        return node;
    }
}
