package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BalanceSnapshotBuilderTest {

    private static final Instant AT = Instant.parse("2026-03-10T22:59:59Z");

    private static BalanceSnapshot.Builder available() {
        return BalanceSnapshot.builder().provider(Providers.FINQWARE).providerAccountId("f1")
                .type(BalanceType.AVAILABLE).providerType("available").amount(Money.ofMinor(5716024, "RON"))
                .creditLimitMeaning(CreditLimitMeaning.OWN_FUNDS).asOf(AT);
    }

    @Test
    void build_derivesTheCanonicalIdFromItsParts() {
        BalanceSnapshot s = available().build();

        assertThat(s.canonicalId()).isEqualTo("finqware:f1:balance:available:2026-03-10T22:59:59Z")
                .isEqualTo(BalanceSnapshot.canonicalId(Providers.FINQWARE, "f1", "available", AT));
    }

    @Test
    void build_aBalanceIncludingTheCreditLimit_isADifferentBalance() {
        BalanceSnapshot without = available().creditLimitIncluded(false).build();
        BalanceSnapshot with = available().creditLimitIncluded(true)
                .creditLimitMeaning(CreditLimitMeaning.FUNDS_INCLUDING_CREDIT_LIMIT).build();

        assertThat(without.canonicalId()).isEqualTo("finqware:f1:balance:available:2026-03-10T22:59:59Z");
        assertThat(with.canonicalId()).isEqualTo("finqware:f1:balance:available+credit_limit:2026-03-10T22:59:59Z");
        assertThat(with.providerType()).isEqualTo("available");
    }

    @Test
    void toBuilder_copiesEveryField() {
        BalanceSnapshot s = available().providerBalanceId("bal-1").reportedType("CLOSE").creditLimitIncluded(false)
                .localDate(LocalDate.of(2026, 3, 10)).rawJson("{}").build();

        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.toBuilder().amount(Money.ofMinor(1, "RON")).build().amount()).isEqualTo(Money.ofMinor(1, "RON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"provider", "providerAccountId", "type", "providerType", "amount", "creditLimitMeaning",
            "asOf"})
    void build_refusesAMissingRequiredField(String field) {
        UnaryOperator<BalanceSnapshot.Builder> without = switch (field) {
            case "provider" -> b -> b.provider(null);
            case "providerAccountId" -> b -> b.providerAccountId(" ");
            case "type" -> b -> b.type(null);
            case "providerType" -> b -> b.providerType("");
            case "amount" -> b -> b.amount(null);
            case "creditLimitMeaning" -> b -> b.creditLimitMeaning(null);
            default -> b -> b.asOf(null);
        };

        assertThatThrownBy(() -> without.apply(available()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }
}
