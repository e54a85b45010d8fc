package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Money;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Attribute shapes shared by several record kinds: money and account identifiers. */
final class ModelCodec {

    private ModelCodec() {
    }

    /**
     * Money as three attributes: {@code <prefix>Minor} (N, signed minor units, the value read back),
     * {@code <prefix>Currency} and {@code <prefix>Decimal} (the exact major-unit string, for people and queries).
     */
    static void putMoney(Map<String, AttributeValue> m, String prefix, Money money) {
        if (money == null) {
            return;
        }
        m.put(prefix + "Minor", Attrs.n(money.minor()));
        m.put(prefix + "Currency", Attrs.s(money.currency()));
        m.put(prefix + "Decimal", Attrs.s(money.toDecimalString()));
    }

    static Money money(Map<String, AttributeValue> m, String prefix) {
        Long minor = Attrs.num(m, prefix + "Minor");
        return minor == null ? null : Money.ofMinor(minor, Attrs.str(m, prefix + "Currency"));
    }

    static AttributeValue identifier(AccountIdentifier id) {
        Map<String, AttributeValue> m = new HashMap<>();
        Attrs.put(m, "scheme", id.scheme());
        Attrs.put(m, "number", id.number());
        Attrs.put(m, "market", id.market());
        return AttributeValue.fromM(m);
    }

    static AccountIdentifier identifier(AttributeValue v) {
        Map<String, AttributeValue> m = v.m();
        return new AccountIdentifier(Attrs.str(m, "scheme"), Attrs.str(m, "number"), Attrs.str(m, "market"));
    }
}
