package dev.bankfeed.local;

import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code work [-n ENV_VARS_JSON] [--workers N] [--until-empty] [--visibility-timeout S] [--template FILE]}:
 * consumes every work queue of the template on the environment's endpoint, as Lambda's SQS event sources would,
 * with the functions' handlers in this JVM; prints each run whose units it worked, as its run record, when the
 * run is FINISHED.
 */
final class WorkCommand implements Command {

    static final String SYNOPSIS = "work [-n ENV_VARS_JSON] [--workers N] [--until-empty] [--visibility-timeout S] "
            + "[--template FILE]";
    static final String SUMMARY = "Consume the functions' work queues like Lambda's SQS event sources; print each "
            + "finished run";

    static final int DEFAULT_WORKERS = 4;

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        List<AutoCloseable> clients = new ArrayList<>();
        try {
            CliArgs a = CliArgs.parse(InvokeCommand.samStyle(args), Set.of("env-vars", "workers",
                    "visibility-timeout", "template"), Set.of("help", "until-empty"));
            if (a.flag("help")) {
                out.println("Usage: bankfeed " + SYNOPSIS + "\n" + SUMMARY + ".");
                return OK;
            }
            if (!a.positionals().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
            }
            int workers = a.number("workers", DEFAULT_WORKERS, 1, 1000);
            Integer visibility = a.value("visibility-timeout") == null ? null
                    : a.number("visibility-timeout", 0, 0, 1000);
            SamTemplate template = SamTemplate.read(ProjectFiles.resolve(a.value("template"), "template.yaml"));
            Path envVars = a.value("env-vars") == null ? null : Path.of(a.value("env-vars"));
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            for (SamTemplate.WorkQueue q : template.workQueues()) {
                Map<String, String> env = FunctionEnvironment.merge(
                        template.function(q.functionLogicalId()).orElseThrow(), envVars);
                // EMF metrics are printed on stdout, which here carries the run records.
                env.putIfAbsent("BANKFEED_METRICS", "none");
                environments.put(q.functionLogicalId(), env);
            }
            TemplateResources.prepare(template, environments, "work", err);

            List<QueueWorkers.Source> sources = new ArrayList<>();
            SqsClient sqs = null;
            for (SamTemplate.WorkQueue q : template.workQueues()) {
                Map<String, String> env = environments.get(q.functionLogicalId());
                String url = env.get(q.urlVariable());
                if (url == null || url.isBlank()) {
                    err.println("work: " + q.functionLogicalId() + " has no queue here (" + q.urlVariable()
                            + " is not set, and the endpoint is not on this machine); skipped");
                    continue;
                }
                AwsEngine aws = AwsEngine.ofEnvironment(env);
                DynamoDbClient dynamo = aws.dynamo();
                clients.add(dynamo);
                if (sqs == null) {
                    sqs = aws.sqs();
                    clients.add(sqs);
                }
                SqsClient queueClient = sqs;
                Bankfeed bankfeed = BankfeedEnvironment.fromEnvironment(env, dynamo, () -> {
                    var secrets = aws.secrets();
                    clients.add(secrets);
                    return secrets;
                }, () -> queueClient);
                SamTemplate.Function f = template.function(q.functionLogicalId()).orElseThrow();
                sources.add(new QueueWorkers.Source(f, q, url, QueueWorkers.handler(f, bankfeed), bankfeed.runs()));
            }
            if (sources.isEmpty()) {
                throw new UsageException("no work queue to consume: give their URLs with -n, or point "
                        + "AWS_ENDPOINT_URL at an endpoint on this machine");
            }
            QueueWorkers pool = new QueueWorkers(sqs, sources, workers, visibility, r -> {
                out.println(JobHandler.runJson(r).toString());
                out.flush();
            }, err);
            for (QueueWorkers.Source s : sources) {
                err.println("work: " + s.function().logicalId() + " <- " + s.queueUrl() + " (" + pool.pollers(s)
                        + " workers, up to " + Math.min(10, s.queue().batchSize()) + " messages per batch)");
            }
            if (!a.flag("until-empty")) {
                err.println("work: polling until interrupted (Ctrl-C)");
            }
            long started = System.nanoTime();
            QueueWorkers.Totals t = pool.run(a.flag("until-empty"));
            err.printf("work: queues empty; %d messages delivered (%d failed and left for redelivery), %d runs "
                    + "finished, %d ms%n", t.delivered(), t.failed(), t.runsFinished(),
                    (System.nanoTime() - started) / 1_000_000);
            return OK;
        } catch (UsageException | IOException e) {
            err.println("work: " + e.getMessage());
            return ERROR;
        } catch (ReflectiveOperationException e) {
            err.println("work: cannot build a handler: " + e);
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("work: interrupted");
            return ERROR;
        } finally {
            for (AutoCloseable c : clients) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Closing a client at exit; nothing to do about it.
                }
            }
        }
    }
}
