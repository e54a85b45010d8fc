package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.testing.Providers;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountBuilderTest {

    private static Account.Builder account() {
        return Account.builder().provider(Providers.ATOA).providerAccountId("acc_001").currency("GBP");
    }

    @Test
    void build_derivesTheCanonicalIdFromItsParts() {
        Account a = account().build();

        assertThat(a.canonicalId()).isEqualTo("atoa:acc_001").isEqualTo(Account.canonicalId(Providers.ATOA, "acc_001"));
        assertThat(a.currency()).isEqualTo("GBP");
        assertThat(a.identifiers()).isEmpty();
    }

    @Test
    void toBuilder_copiesEveryField() {
        Account a = account().name("Main").alias("main").bankName("Testbank").bic("ATLRSESSXXX")
                .identifiers(List.of(new AccountIdentifier("IBAN", "SE4550000000058398257466", "SE")))
                .status("ENABLED").type("CURRENT").subType("PERSONAL").rawJson("{}").build();

        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(a.toBuilder().name("other").build().name()).isEqualTo("other");
    }

    @ParameterizedTest
    @ValueSource(strings = {"provider", "providerAccountId"})
    void build_refusesAMissingRequiredField(String field) {
        UnaryOperator<Account.Builder> without = switch (field) {
            case "provider" -> b -> b.provider(null);
            default -> b -> b.providerAccountId(" ");
        };

        assertThatThrownBy(() -> without.apply(account()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void build_refusesANullProviderAccountId() {
        assertThatThrownBy(() -> account().providerAccountId(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("providerAccountId");
    }
}
