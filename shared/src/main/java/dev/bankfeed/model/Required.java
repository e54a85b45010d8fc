package dev.bankfeed.model;

/** The check the model's builders share for a field a record cannot be without. */
final class Required {

    private Required() {
    }

    /**
     * Refuses a null value or a blank string, naming the record and field but never a value (it may be an
     * account number).
     */
    static void field(Object value, String record, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new IllegalArgumentException("a " + record + " needs a " + field);
        }
    }
}
