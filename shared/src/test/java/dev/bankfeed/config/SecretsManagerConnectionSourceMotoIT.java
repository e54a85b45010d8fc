package dev.bankfeed.config;


import dev.bankfeed.testing.MotoServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The Secrets Manager contract against a moto_server this class starts and stops. */
class SecretsManagerConnectionSourceMotoIT extends SecretsManagerConnectionSourceContract {

    private static MotoServer moto;

    @BeforeAll
    static void startMoto() throws Exception {
        MotoServer.assumeAvailable();
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    protected URI endpoint() {
        return moto.endpoint();
    }

    @Override
    protected Region region() {
        return Region.EU_WEST_1;
    }

    @Override
    protected AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }
}
