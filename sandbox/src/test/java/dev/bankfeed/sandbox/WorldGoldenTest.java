package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same world it always gave: connection files and ground truth over three days, pinned
 * as digests taken from the sandbox before its providers moved into packages of their own. A provider added
 * with a new seed index leaves these untouched; a changed digest means the existing providers' data moved.
 */
class WorldGoldenTest {

    @Test
    void seed42_givesThePinnedWorld() throws NoSuchAlgorithmException {
        assertThat(digest(42)).isEqualTo("7786e9eaf56cefc93a183ac16bce40bfb0370ff5fef98844ca03fddb92e8cf61");
    }

    @Test
    void seed7_givesThePinnedWorld() throws NoSuchAlgorithmException {
        assertThat(digest(7)).isEqualTo("dc7f51c69884ba21bc01cff0c5d7698ed725010deea9038532e6a7e693979703");
    }

    private static String digest(long seed) throws NoSuchAlgorithmException {
        SandboxConfig config = SandboxConfig.builder().seed(seed).today(LocalDate.of(2025, 3, 10))
                .connectionsPerProvider(2).accountsPerConnection(3).transactionsPerAccount(40).build();
        World world = new World(config, "http://sandbox");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int day = 0; day < 3; day++) {
            md.update(ConnectionsFile.write(world.connections()));
            for (ExpectedAccount a : GroundTruth.of(world).accounts()) {
                md.update((a.provider().toLowerCase(Locale.ROOT) + a.connectionId() + a.accountId() + a.currency()
                        + a.balances() + a.transactions()).getBytes(StandardCharsets.UTF_8));
            }
            world.advance(1);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
