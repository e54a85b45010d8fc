package dev.bankfeed.config;

import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/** Run in a child JVM by {@link AwsClientsEndpointIT}: lists what AwsClients' clients see, wherever they point. */
public final class AwsClientsProbe {

    private AwsClientsProbe() {
    }

    public static void main(String[] args) {
        System.out.println("secrets=" + AwsClients.secretsManager().listSecrets().secretList().stream()
                .map(SecretListEntry::name).toList());
        System.out.println("tables=" + AwsClients.dynamoDb().listTables().tableNames());
        System.out.println("same=" + (AwsClients.dynamoDb() == AwsClients.dynamoDb()
                && AwsClients.secretsManager() == AwsClients.secretsManager()));
        var dynamo = AwsClients.dynamoDb().serviceClientConfiguration().overrideConfiguration();
        var secrets = AwsClients.secretsManager().serviceClientConfiguration().overrideConfiguration();
        System.out.println("timeouts=" + dynamo.apiCallTimeout().orElse(null) + "/"
                + dynamo.apiCallAttemptTimeout().orElse(null) + " " + secrets.apiCallTimeout().orElse(null) + "/"
                + secrets.apiCallAttemptTimeout().orElse(null));
    }
}
