package dev.bankfeed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.testing.Providers;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionBuilderTest {

    private static Transaction.Builder debit() {
        return Transaction.builder().provider(Providers.ATOA).providerAccountId("acc_001")
                .providerTransactionId("t1").amount(Money.ofMinor(-8999, "GBP")).direction(Direction.DEBIT)
                .status(TransactionStatus.BOOKED).bookingDate(LocalDate.of(2026, 3, 10));
    }

    @Test
    void build_derivesTheCanonicalIdFromItsParts() {
        Transaction t = debit().build();

        assertThat(t.canonicalId()).isEqualTo("atoa:acc_001:t1")
                .isEqualTo(Transaction.canonicalId(Providers.ATOA, "acc_001", "t1"));
        assertThat(t.amount()).isEqualTo(Money.ofMinor(-8999, "GBP"));
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2026, 3, 10));
    }

    @Test
    void toBuilder_copiesEveryField() {
        Transaction t = debit().providerRecordId("rec-1").description("Card").reference("INV-1").merchantName("Shop")
                .category("food").counterparty(Counterparty.of("Shop Ltd", null)).balanceAfter(Money.ofMinor(5, "GBP"))
                .keyset("ks").rawJson("{}").build();

        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(t.toBuilder().description("other").build().description()).isEqualTo("other");
    }

    @Test
    void build_refusesAnAmountWhoseSignDisagreesWithTheDirection() {
        assertThatThrownBy(() -> debit().direction(Direction.CREDIT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direction");
        assertThatThrownBy(() -> debit().amount(Money.ofMinor(8999, "GBP")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direction");
    }

    @Test
    void build_takesAZeroAmountInEitherDirection() {
        assertThat(debit().amount(Money.ofMinor(0, "GBP")).build().direction()).isEqualTo(Direction.DEBIT);
        assertThat(debit().amount(Money.ofMinor(0, "GBP")).direction(Direction.CREDIT).build().direction())
                .isEqualTo(Direction.CREDIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"provider", "providerAccountId", "providerTransactionId", "amount", "direction", "status"})
    void build_refusesAMissingRequiredField(String field) {
        UnaryOperator<Transaction.Builder> without = switch (field) {
            case "provider" -> b -> b.provider(null);
            case "providerAccountId" -> b -> b.providerAccountId(" ");
            case "providerTransactionId" -> b -> b.providerTransactionId(null);
            case "amount" -> b -> b.amount(null);
            case "direction" -> b -> b.direction(null);
            default -> b -> b.status(null);
        };

        assertThatThrownBy(() -> without.apply(debit()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }
}
