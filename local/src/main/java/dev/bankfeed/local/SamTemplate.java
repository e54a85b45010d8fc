package dev.bankfeed.local;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * What the local runner needs from template.yaml, read the way `sam local` reads it: each function's
 * handler, timeout, memory and environment (Globals merged), its HTTP API routes, and the DynamoDB table.
 * CloudFormation intrinsics (!Ref, !Sub, ...) are not evaluated: a variable whose value is one must be
 * given with -n, as with sam local invoke, or it falls back to the documented local default.
 */
public final class SamTemplate {

    /** One function of the template. */
    public record Function(String logicalId, String handlerClass, String handlerMethod, int timeoutSeconds,
            int memoryMb, Map<String, String> environment, List<Route> routes) {

        /** The Handler setting in the form Lambda's runtime takes it, {@code class::method}. */
        public String handler() {
            return handlerClass + "::" + handlerMethod;
        }
    }

    /** One HTTP API route of a function. */
    public record Route(String method, String path, String functionLogicalId) {
    }

    /**
     * A function's work queue: the AWS::SQS::Queue its SQS event source reads, with the settings a local run
     * creates it with and consumes it by; parameters are taken at their defaults.
     *
     * @param urlVariable the function's environment variable whose value is {@code !Ref} of the queue
     * @param deadLetterLogicalId the queue its RedrivePolicy names, or null
     */
    public record WorkQueue(String functionLogicalId, String logicalId, String urlVariable, int visibilityTimeout,
            int messageRetention, String deadLetterLogicalId, int maxReceiveCount, int batchSize,
            int maximumConcurrency) {
    }

    private final JsonNode root;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    private SamTemplate(JsonNode root) {
        this.root = root;
        JsonNode globals = root.path("Globals").path("Function");
        Iterator<Map.Entry<String, JsonNode>> resources = root.path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> r = resources.next();
            if ("AWS::Serverless::Function".equals(r.getValue().path("Type").asText())) {
                functions.put(r.getKey(), function(r.getKey(), r.getValue().path("Properties"), globals));
            }
        }
    }

    /** Reads and parses a template file. */
    public static SamTemplate read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("template not found: " + file + " (run from the repository root or pass "
                    + "--template)");
        }
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            return new SamTemplate(tree(parser));
        }
    }

    public Map<String, Function> functions() {
        return functions;
    }

    /** The function with this logical id. */
    public Optional<Function> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }

    /** Every HTTP API route of every function. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        functions.values().forEach(f -> all.addAll(f.routes()));
        return all;
    }

    /** Every function's work queue, in the template's order of functions. */
    public List<WorkQueue> workQueues() {
        List<WorkQueue> queues = new ArrayList<>();
        for (String id : functions.keySet()) {
            workQueue(id).ifPresent(queues::add);
        }
        return queues;
    }

    /**
     * The queue {@code functionLogicalId} consumes through an SQS event source, if it has one. Lambda's
     * defaults apply where the template says nothing (batch size 10, visibility 30 s, no concurrency cap).
     */
    public Optional<WorkQueue> workQueue(String functionLogicalId) {
        JsonNode props = root.path("Resources").path(functionLogicalId).path("Properties");
        for (JsonNode event : props.path("Events")) {
            if (!"SQS".equals(event.path("Type").asText())) {
                continue;
            }
            JsonNode source = event.path("Properties");
            String queueId = resourceOf(source.path("Queue"));
            JsonNode queue = root.path("Resources").path(queueId == null ? "" : queueId);
            if (!"AWS::SQS::Queue".equals(queue.path("Type").asText())) {
                continue;
            }
            JsonNode q = queue.path("Properties");
            String urlVariable = "WORK_QUEUE_URL";
            Iterator<Map.Entry<String, JsonNode>> vars = props.path("Environment").path("Variables").fields();
            while (vars.hasNext()) {
                Map.Entry<String, JsonNode> v = vars.next();
                if (queueId.equals(v.getValue().path("Ref").asText(null))) {
                    urlVariable = v.getKey();
                }
            }
            JsonNode redrive = q.path("RedrivePolicy");
            return Optional.of(new WorkQueue(functionLogicalId, queueId, urlVariable,
                    number(q.path("VisibilityTimeout"), 30), number(q.path("MessageRetentionPeriod"), 345600),
                    resourceOf(redrive.path("deadLetterTargetArn")), number(redrive.path("maxReceiveCount"), 0),
                    number(source.path("BatchSize"), 10),
                    number(source.path("ScalingConfig").path("MaximumConcurrency"), 1000)));
        }
        return Optional.empty();
    }

    /** The message retention of any queue of the template (a dead-letter queue's, say), or SQS's default. */
    public int messageRetention(String queueLogicalId) {
        return number(root.path("Resources").path(queueLogicalId).path("Properties").path("MessageRetentionPeriod"),
                345600);
    }

    /** The resource a {@code !GetAtt X.Arn} or {@code !Ref X} names. */
    private static String resourceOf(JsonNode value) {
        if (value.has("Ref")) {
            return value.path("Ref").asText();
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode att = value.path("Fn::GetAtt");
            return att.isArray() ? att.path(0).asText() : att.asText().split("\\.", 2)[0];
        }
        return null;
    }

    /** A number, or a parameter's Default through !Ref; {@code fallback} when absent or not a number. */
    private int number(JsonNode value, int fallback) {
        JsonNode v = value.has("Ref") ? root.path("Parameters").path(value.path("Ref").asText()).path("Default")
                : value;
        try {
            return v.isValueNode() ? Integer.parseInt(v.asText().trim()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * The CreateTableRequest for the template's AWS::DynamoDB::Table named {@code logicalId}, with the
     * given physical table name: keys, attribute definitions, GSIs and billing mode exactly as declared.
     */
    public CreateTableRequest createTableRequest(String logicalId, String tableName) {
        JsonNode p = root.path("Resources").path(logicalId).path("Properties");
        if (p.isMissingNode()) {
            throw new IllegalArgumentException("template has no resource " + logicalId);
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        p.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText())
                .build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        p.path("GlobalSecondaryIndexes").forEach(g -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(g.path("IndexName").asText())
                .keySchema(keySchema(g.path("KeySchema")))
                .projection(Projection.builder().projectionType(g.path("Projection").path("ProjectionType").asText())
                        .build())
                .build()));
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(p.path("KeySchema")))
                .billingMode(BillingMode.fromValue(p.path("BillingMode").asText("PAY_PER_REQUEST")));
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes);
        }
        JsonNode stream = p.path("StreamSpecification").path("StreamViewType");
        if (!stream.isMissingNode()) {
            b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(stream.asText()).build());
        }
        return b.build();
    }

    /** The TTL attribute the template enables on a table, if any. */
    public Optional<String> ttlAttribute(String logicalId) {
        JsonNode ttl = root.path("Resources").path(logicalId).path("Properties").path("TimeToLiveSpecification");
        return ttl.path("Enabled").asBoolean(false) ? Optional.of(ttl.path("AttributeName").asText())
                : Optional.empty();
    }

    private static List<KeySchemaElement> keySchema(JsonNode keys) {
        List<KeySchemaElement> out = new ArrayList<>();
        keys.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return out;
    }

    private Function function(String id, JsonNode props, JsonNode globals) {
        String handler = props.path("Handler").asText(globals.path("Handler").asText(""));
        int sep = handler.indexOf("::");
        String cls = sep < 0 ? handler : handler.substring(0, sep);
        String method = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
        Map<String, String> env = new LinkedHashMap<>();
        this.scalars(globals.path("Environment").path("Variables"), env);
        scalars(props.path("Environment").path("Variables"), env);
        List<Route> routes = new ArrayList<>();
        props.path("Events").forEach(e -> {
            if ("HttpApi".equals(e.path("Type").asText())) {
                routes.add(new Route(e.path("Properties").path("Method").asText("ANY").toUpperCase(),
                        e.path("Properties").path("Path").asText(), id));
            }
        });
        return new Function(id, cls, method,
                props.path("Timeout").asInt(globals.path("Timeout").asInt(3)),
                props.path("MemorySize").asInt(globals.path("MemorySize").asInt(128)), env, routes);
    }

    /**
     * Plain values, and !Ref of a parameter (its Default). Any other intrinsic (a resource's name, !Sub,
     * !GetAtt) has no local value and is left out: -n supplies it, as with sam local invoke.
     */
    private void scalars(JsonNode vars, Map<String, String> into) {
        vars.fields().forEachRemaining(v -> {
            JsonNode value = v.getValue();
            if (value.isValueNode()) {
                into.put(v.getKey(), value.asText());
            } else if (value.has("Ref")) {
                JsonNode def = root.path("Parameters").path(value.path("Ref").asText()).path("Default");
                if (def.isValueNode()) {
                    into.put(v.getKey(), def.asText());
                }
            }
        });
    }

    /**
     * Builds a tree from YAML, keeping CloudFormation's short-form tags the way the long form writes them
     * ({@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !Sub s} becomes {@code {"Fn::Sub": s}}); a plain
     * YAML reader would silently turn {@code !Ref StateTable} into the string "StateTable".
     */
    private static JsonNode tree(YAMLParser p) throws IOException {
        String tag = p.getTypeId();
        JsonToken token = p.currentToken();
        JsonNode value;
        if (token == JsonToken.START_OBJECT) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                p.nextToken();
                o.set(name, tree(p));
            }
            value = o;
        } else if (token == JsonToken.START_ARRAY) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                a.add(tree(p));
            }
            value = a;
        } else if (token == JsonToken.VALUE_NULL) {
            value = JsonNodeFactory.instance.nullNode();
        } else {
            value = JsonNodeFactory.instance.textNode(p.getText());
        }
        if (tag == null || tag.startsWith("tag:yaml.org")) {
            return value;
        }
        ObjectNode intrinsic = JsonNodeFactory.instance.objectNode();
        intrinsic.set("Ref".equals(tag) || "Condition".equals(tag) ? tag : "Fn::" + tag, value);
        return intrinsic;
    }
}
