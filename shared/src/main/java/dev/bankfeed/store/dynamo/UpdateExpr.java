package dev.bankfeed.store.dynamo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds an UpdateItem expression with placeholders for every name and value, so reserved words
 * ({@code status}, {@code name}, ...) never need care at the call site.
 */
final class UpdateExpr {

    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    /** The placeholder of an attribute name. */
    String name(String attribute) {
        String placeholder = "#" + attribute;
        names.put(placeholder, attribute);
        return placeholder;
    }

    /** The placeholder of a value. */
    String value(AttributeValue v) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, v);
        return placeholder;
    }

    UpdateExpr set(String attribute, AttributeValue v) {
        sets.add(name(attribute) + " = " + value(v));
        return this;
    }

    /** Sets {@code attribute} to {@code v}, or removes it when {@code v} is null. */
    UpdateExpr setOrRemove(String attribute, String v) {
        return v == null ? remove(attribute) : set(attribute, Attrs.s(v));
    }

    UpdateExpr setIfAbsent(String attribute, AttributeValue v) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(v) + ")");
        return this;
    }

    /** Adds {@code delta} to a number attribute (created at {@code delta} when absent), atomically. */
    UpdateExpr add(String attribute, long delta) {
        adds.add(name(attribute) + " " + value(Attrs.n(delta)));
        return this;
    }

    UpdateExpr remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    /** A condition written with {@link #name} and {@link #value} placeholders. */
    UpdateExpr condition(String expression) {
        this.condition = expression;
        return this;
    }

    void applyTo(UpdateItemRequest.Builder b) {
        b.updateExpression(expression()).expressionAttributeNames(names);
        if (!values.isEmpty()) {
            b.expressionAttributeValues(values);
        }
        if (condition != null) {
            b.conditionExpression(condition);
        }
    }

    /** The same update of the item at {@code key}, as one item of a transaction. */
    Update toUpdate(String table, Map<String, AttributeValue> key) {
        Update.Builder b = Update.builder().tableName(table).key(key).updateExpression(expression())
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            b.expressionAttributeValues(values);
        }
        if (condition != null) {
            b.conditionExpression(condition);
        }
        return b.build();
    }

    private String expression() {
        StringBuilder expr = new StringBuilder();
        if (!sets.isEmpty()) {
            expr.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            expr.append(expr.length() == 0 ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        if (!adds.isEmpty()) {
            expr.append(expr.length() == 0 ? "" : " ").append("ADD ").append(String.join(", ", adds));
        }
        return expr.toString();
    }
}
