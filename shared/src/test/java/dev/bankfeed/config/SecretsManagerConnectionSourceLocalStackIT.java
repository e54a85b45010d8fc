package dev.bankfeed.config;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The Secrets Manager contract against LocalStack; skipped where no Docker engine runs (moto covers it then). */
@Testcontainers(disabledWithoutDocker = true)
class SecretsManagerConnectionSourceLocalStackIT extends SecretsManagerConnectionSourceContract {

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8.1"))
                    .withServices(LocalStackContainer.Service.SECRETSMANAGER);

    @Override
    protected URI endpoint() {
        return LOCALSTACK.getEndpoint();
    }

    @Override
    protected Region region() {
        return Region.of(LOCALSTACK.getRegion());
    }

    @Override
    protected AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    }
}
