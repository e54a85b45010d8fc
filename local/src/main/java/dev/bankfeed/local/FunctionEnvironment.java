package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.json.BankJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The environment a function sees when run locally, merged as `sam local invoke` merges it: this process's
 * environment, then the function's variables in template.yaml (Globals first), then the -n file, whose
 * "Parameters" object applies to every function and whose "&lt;LogicalId&gt;" object to that function; then the
 * variables Lambda itself sets, which no configuration overrides there either.
 */
final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    static Map<String, String> merge(SamTemplate.Function function, Path envVarsFile) throws IOException,
            UsageException {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        // Lambda's default, which a function may change; the shell's own zone must not leak into a local run.
        env.put("TZ", ":UTC");
        env.putAll(function.environment());
        override(env, envVarsFile, List.of("Parameters", function.logicalId()));
        String name = function.logicalId();
        env.put("_HANDLER", function.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy/MM/dd")) + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        // Powertools reads it to mark the first invocation of a JVM a cold start.
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        return env;
    }

    /**
     * The environment of a runner command that reads the table itself (export): this process's environment, then
     * the -n file's "Parameters" object, as every function would see them; TABLE_NAME, AWS_ENDPOINT_URL, region
     * and credentials come from there.
     */
    static Map<String, String> forTool(Path envVarsFile) throws IOException, UsageException {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        override(env, envVarsFile, List.of("Parameters"));
        return env;
    }

    /** Applies the -n file's {@code sections} in order, then the region defaults. */
    private static void override(Map<String, String> env, Path envVarsFile, List<String> sections)
            throws IOException, UsageException {
        if (envVarsFile != null) {
            JsonNode overrides = readOverrides(envVarsFile);
            for (String section : sections) {
                JsonNode vars = overrides.path(section);
                if (!vars.isMissingNode() && !vars.isObject()) {
                    throw new UsageException("-n: '" + section + "' must be an object of variables");
                }
                vars.fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
            }
        }
        // The SDK needs a region; sam local takes it from the profile, we default like the CLI does.
        env.putIfAbsent("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        env.putIfAbsent("AWS_DEFAULT_REGION", env.get("AWS_REGION"));
    }

    /** The ARN Lambda gives the function, with the local account id sam local uses. */
    static String functionArn(SamTemplate.Function function, Map<String, String> env) {
        return "arn:aws:lambda:" + env.getOrDefault("AWS_REGION", "us-east-1") + ":000000000000:function:"
                + function.logicalId();
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
