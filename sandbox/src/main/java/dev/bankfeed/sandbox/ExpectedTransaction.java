package dev.bankfeed.sandbox;

import java.time.LocalDate;

/**
 * One transaction a correct sync should have stored.
 *
 * @param id the id to store it under: Atlar and Atoa {@code id}, Finqware {@code utx_id}
 * @param recordId the id of the record as served ({@code id} for every provider; differs from {@code id} only for
 *     Finqware)
 * @param amountMinor signed minor units (negative for money out), exact
 * @param currency ISO 4217 code
 * @param status {@code BOOKED} or {@code PENDING}
 * @param bookingDate the UTC date of the transaction's date-time
 * @param vanished true for a pending transaction that disappeared without booking: no longer served, but a
 *     sync that ran before it vanished has stored it and must keep it
 * @param replacesPendingId for a booked transaction that replaced a pending one under a new id (Atoa, Atlar), the
 *     pending one's id, which a correct sync must no longer count; null otherwise (Finqware keeps its
 *     {@code utx_id} when a pending transaction books, so {@code id} already covers both)
 */
public record ExpectedTransaction(
        String id,
        String recordId,
        long amountMinor,
        String currency,
        String status,
        LocalDate bookingDate,
        boolean vanished,
        String replacesPendingId) {

    public boolean pending() {
        return "PENDING".equals(status);
    }
}
