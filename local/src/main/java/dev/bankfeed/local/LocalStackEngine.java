package dev.bankfeed.local;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code --aws localstack}: LocalStack in a container through Testcontainers. Kept apart from {@link AwsEngine}
 * so that Testcontainers' classes load only when a user asks for it.
 */
final class LocalStackEngine {

    /** The image the tests' LocalStack variants use too. */
    static final String IMAGE = "localstack/localstack:3.8.1";

    private LocalStackEngine() {
    }

    static AwsEngine start() throws AwsEngine.UnavailableException {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            throw new AwsEngine.UnavailableException("--aws localstack needs a running Docker engine and none was "
                    + "found; use the default (moto_server) or --aws-endpoint URL");
        }
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SECRETSMANAGER,
                        LocalStackContainer.Service.SQS);
        container.start();
        return AwsEngine.ofLocalStack(container.getEndpoint(), Region.of(container.getRegion()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(container.getAccessKey(),
                        container.getSecretKey())), container::stop);
    }
}
