package dev.bankfeed.benchmarks.dynamo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's condition, key-condition, filter and update expressions, for top-level attributes only: the forms
 * Bankfeed's stores write. Anything else (document paths, list_append, set ADD/DELETE, size()) is refused
 * loudly rather than guessed at, so a store change that needs more shows up as an error, not a wrong answer.
 */
final class Expressions {

    private Expressions() {
    }

    /** A value an expression reads: an attribute of the item, or a literal from the request. */
    sealed interface Operand permits Path, Literal {
    }

    record Path(String name) implements Operand {
    }

    record Literal(AttributeValue value) implements Operand {
    }

    enum Comparator { EQ, NE, LT, LE, GT, GE }

    /** A condition over one item (absent item: an empty map). */
    sealed interface Condition permits And, Or, Not, Compare, Exists, BeginsWith, Between {
        boolean test(Map<String, AttributeValue> item);
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return !inner.test(item);
        }
    }

    record Compare(Comparator op, Operand left, Operand right) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue a = value(left, item);
            AttributeValue b = value(right, item);
            if (op == Comparator.EQ || op == Comparator.NE) {
                // An absent attribute equals nothing, so "a <> :v" holds for it, as on DynamoDB.
                boolean eq = a != null && b != null && same(a, b);
                return op == Comparator.EQ ? eq : !eq;
            }
            Integer c = a == null || b == null ? null : order(a, b);
            if (c == null) {
                return false;
            }
            return switch (op) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> throw new IllegalStateException();
            };
        }
    }

    record Between(Operand subject, Operand low, Operand high) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return new Compare(Comparator.GE, subject, low).test(item)
                    && new Compare(Comparator.LE, subject, high).test(item);
        }
    }

    record Exists(String name, boolean expected) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return item.containsKey(name) == expected;
        }
    }

    record BeginsWith(Operand subject, Operand prefix) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue a = value(subject, item);
            AttributeValue p = value(prefix, item);
            if (a == null || p == null) {
                return false;
            }
            if (a.s() != null && p.s() != null) {
                return a.s().startsWith(p.s());
            }
            if (a.b() != null && p.b() != null) {
                byte[] x = a.b().asByteArrayUnsafe();
                byte[] y = p.b().asByteArrayUnsafe();
                return x.length >= y.length && java.util.Arrays.equals(x, 0, y.length, y, 0, y.length);
            }
            return false;
        }
    }

    /** One SET action's right-hand side. */
    sealed interface SetValue permits Plain, IfNotExists, Arithmetic {
    }

    record Plain(Operand operand) implements SetValue {
    }

    record IfNotExists(String name, Operand fallback) implements SetValue {
    }

    record Arithmetic(SetValue left, boolean plus, SetValue right) implements SetValue {
    }

    /** A parsed UpdateExpression. */
    record Update(Map<String, SetValue> sets, List<String> removes, Map<String, AttributeValue> adds) {

        /** Every attribute the update writes or removes. */
        Set<String> paths() {
            Set<String> all = new HashSet<>(sets.keySet());
            all.addAll(removes);
            all.addAll(adds.keySet());
            return all;
        }

        /** The item after the update; every right-hand side reads the item as it was before, as on DynamoDB. */
        Map<String, AttributeValue> apply(Map<String, AttributeValue> before) {
            Map<String, AttributeValue> after = new HashMap<>(before);
            sets.forEach((name, v) -> after.put(name, evaluate(v, before)));
            removes.forEach(after::remove);
            adds.forEach((name, delta) -> {
                AttributeValue old = before.get(name);
                if (delta.n() == null) {
                    throw Errors.unsupported("ADD of a non-number value");
                }
                if (old == null) {
                    after.put(name, delta);
                } else if (old.n() != null) {
                    after.put(name, number(new BigDecimal(old.n()).add(new BigDecimal(delta.n()))));
                } else {
                    throw Errors.validation("An operand in the update expression has an incorrect data type");
                }
            });
            return after;
        }

        private static AttributeValue evaluate(SetValue v, Map<String, AttributeValue> item) {
            if (v instanceof Plain p) {
                AttributeValue a = value(p.operand(), item);
                if (a == null) {
                    throw Errors.validation("The provided expression refers to an attribute that does not exist in the item");
                }
                return a;
            }
            if (v instanceof IfNotExists i) {
                AttributeValue a = item.get(i.name());
                return a != null ? a : value(i.fallback(), item);
            }
            Arithmetic ar = (Arithmetic) v;
            AttributeValue l = evaluate(ar.left(), item);
            AttributeValue r = evaluate(ar.right(), item);
            if (l.n() == null || r.n() == null) {
                throw Errors.validation("An operand in the update expression has an incorrect data type");
            }
            BigDecimal a = new BigDecimal(l.n());
            BigDecimal b = new BigDecimal(r.n());
            return number(ar.plus() ? a.add(b) : a.subtract(b));
        }
    }

    static Condition condition(String text, Map<String, String> names, Map<String, AttributeValue> values) {
        Parser p = new Parser(text, names, values);
        Condition c = p.or();
        p.end();
        return c;
    }

    static Update update(String text, Map<String, String> names, Map<String, AttributeValue> values) {
        Parser p = new Parser(text, names, values);
        Update u = p.update();
        p.end();
        return u;
    }

    /** The value the key condition requires of {@code attribute} with "=", or null when it requires none. */
    static AttributeValue equalityOn(Condition c, String attribute) {
        if (c instanceof And a) {
            AttributeValue v = equalityOn(a.left(), attribute);
            return v != null ? v : equalityOn(a.right(), attribute);
        }
        if (c instanceof Compare cmp && cmp.op() == Comparator.EQ) {
            if (cmp.left() instanceof Path p && p.name().equals(attribute) && cmp.right() instanceof Literal l) {
                return l.value();
            }
            if (cmp.right() instanceof Path p && p.name().equals(attribute) && cmp.left() instanceof Literal l) {
                return l.value();
            }
        }
        return null;
    }

    static AttributeValue value(Operand o, Map<String, AttributeValue> item) {
        return o instanceof Literal l ? l.value() : item.get(((Path) o).name());
    }

    static AttributeValue number(BigDecimal n) {
        return AttributeValue.fromN(n.stripTrailingZeros().toPlainString());
    }

    /** DynamoDB's equality: numbers by value, everything else by content. */
    static boolean same(AttributeValue a, AttributeValue b) {
        if (a.n() != null && b.n() != null) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n())) == 0;
        }
        return a.equals(b);
    }

    /** DynamoDB's order of two scalars of one type, or null when they cannot be ordered. */
    static Integer order(AttributeValue a, AttributeValue b) {
        if (a.s() != null && b.s() != null) {
            return compareStrings(a.s(), b.s());
        }
        if (a.n() != null && b.n() != null) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
        }
        if (a.b() != null && b.b() != null) {
            return java.util.Arrays.compareUnsigned(a.b().asByteArrayUnsafe(), b.b().asByteArrayUnsafe());
        }
        return null;
    }

    /**
     * DynamoDB orders strings by their UTF-8 bytes, which is code point order; String.compareTo orders UTF-16
     * units, which differs for characters above U+FFFF.
     */
    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Recursive descent over the tokens; precedence NOT, AND, OR as on DynamoDB. */
    private static final class Parser {

        private final List<String> tokens;
        private final Map<String, String> names;
        private final Map<String, AttributeValue> values;
        private int pos;

        Parser(String text, Map<String, String> names, Map<String, AttributeValue> values) {
            if (text == null || text.isBlank()) {
                throw Errors.validation("Invalid expression: The expression can not be empty");
            }
            this.tokens = tokenize(text);
            this.names = names == null ? Map.of() : names;
            this.values = values == null ? Map.of() : values;
        }

        Condition or() {
            Condition c = and();
            while (keyword("OR")) {
                c = new Or(c, and());
            }
            return c;
        }

        private Condition and() {
            Condition c = not();
            while (keyword("AND")) {
                c = new And(c, not());
            }
            return c;
        }

        private Condition not() {
            return keyword("NOT") ? new Not(not()) : primary();
        }

        private Condition primary() {
            if (accept("(")) {
                Condition c = or();
                expect(")");
                return c;
            }
            String t = peek();
            switch (t) {
                case "attribute_exists", "attribute_not_exists" -> {
                    pos++;
                    expect("(");
                    String name = path();
                    expect(")");
                    return new Exists(name, t.equals("attribute_exists"));
                }
                case "begins_with" -> {
                    pos++;
                    expect("(");
                    Operand subject = operand();
                    expect(",");
                    Operand prefix = operand();
                    expect(")");
                    return new BeginsWith(subject, prefix);
                }
                default -> {
                    // fall through to a comparison
                }
            }
            Operand left = operand();
            if (keyword("BETWEEN")) {
                Operand low = operand();
                if (!keyword("AND")) {
                    throw Errors.validation("Invalid expression: BETWEEN needs AND");
                }
                return new Between(left, low, operand());
            }
            String op = next();
            Comparator cmp = switch (op) {
                case "=" -> Comparator.EQ;
                case "<>" -> Comparator.NE;
                case "<" -> Comparator.LT;
                case "<=" -> Comparator.LE;
                case ">" -> Comparator.GT;
                case ">=" -> Comparator.GE;
                default -> throw Errors.unsupported("condition token '" + op + "'");
            };
            return new Compare(cmp, left, operand());
        }

        Update update() {
            Map<String, SetValue> sets = new java.util.LinkedHashMap<>();
            List<String> removes = new ArrayList<>();
            Map<String, AttributeValue> adds = new java.util.LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            Set<String> clauses = new HashSet<>();
            while (pos < tokens.size()) {
                String clause = next().toUpperCase(Locale.ROOT);
                if (!clauses.add(clause)) {
                    throw Errors.validation("Invalid UpdateExpression: The \"" + clause
                            + "\" section can only be used once in an update expression");
                }
                do {
                    String name = path();
                    if (!seen.add(name)) {
                        throw Errors.validation("Invalid UpdateExpression: Two document paths overlap with each "
                                + "other; must remove or rewrite one of these paths; path one: [" + name
                                + "], path two: [" + name + "]");
                    }
                    switch (clause) {
                        case "SET" -> {
                            expect("=");
                            sets.put(name, setValue());
                        }
                        case "REMOVE" -> removes.add(name);
                        case "ADD" -> {
                            Operand o = operand();
                            if (!(o instanceof Literal l)) {
                                throw Errors.validation("Invalid UpdateExpression: ADD takes a value");
                            }
                            adds.put(name, l.value());
                        }
                        default -> throw Errors.unsupported("update clause " + clause);
                    }
                } while (accept(","));
            }
            return new Update(sets, removes, adds);
        }

        private SetValue setValue() {
            SetValue left = setTerm();
            if (accept("+")) {
                return new Arithmetic(left, true, setTerm());
            }
            if (accept("-")) {
                return new Arithmetic(left, false, setTerm());
            }
            return left;
        }

        private SetValue setTerm() {
            if (peek().equals("if_not_exists")) {
                pos++;
                expect("(");
                String name = path();
                expect(",");
                Operand fallback = operand();
                expect(")");
                return new IfNotExists(name, fallback);
            }
            return new Plain(operand());
        }

        private Operand operand() {
            String t = next();
            if (t.startsWith(":")) {
                AttributeValue v = values.get(t);
                if (v == null) {
                    throw Errors.validation("An expression attribute value used in expression is not defined; "
                            + "attribute value: " + t);
                }
                return new Literal(v);
            }
            pos--;
            return new Path(path());
        }

        private String path() {
            String t = next();
            if (t.startsWith("#")) {
                String name = names.get(t);
                if (name == null) {
                    throw Errors.validation("An expression attribute name used in the document path is not "
                            + "defined; attribute name: " + t);
                }
                return name;
            }
            if (t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
                throw Errors.validation("Invalid expression: unexpected token " + t);
            }
            return t;
        }

        private boolean keyword(String k) {
            if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(k)) {
                pos++;
                return true;
            }
            return false;
        }

        private boolean accept(String t) {
            if (pos < tokens.size() && tokens.get(pos).equals(t)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(String t) {
            if (!accept(t)) {
                throw Errors.validation("Invalid expression: expected '" + t + "' at token " + pos);
            }
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : "";
        }

        private String next() {
            if (pos >= tokens.size()) {
                throw Errors.validation("Invalid expression: unexpected end");
            }
            return tokens.get(pos++);
        }

        void end() {
            if (pos != tokens.size()) {
                throw Errors.validation("Invalid expression: unexpected token '" + tokens.get(pos) + "'");
            }
        }

        private static List<String> tokenize(String s) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if ("(),=+-".indexOf(c) >= 0) {
                    out.add(String.valueOf(c));
                    i++;
                } else if (c == '<' || c == '>') {
                    char d = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
                    if (d == '=' || (c == '<' && d == '>')) {
                        out.add(s.substring(i, i + 2));
                        i += 2;
                    } else {
                        out.add(String.valueOf(c));
                        i++;
                    }
                } else if (c == '#' || c == ':' || Character.isLetterOrDigit(c) || c == '_') {
                    int j = i + 1;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    out.add(s.substring(i, j));
                    i = j;
                } else {
                    throw Errors.unsupported("expression character '" + c + "' in: " + s);
                }
            }
            return out;
        }
    }
}
