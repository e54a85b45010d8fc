package dev.bankfeed.normalize;

import java.util.List;
import dev.bankfeed.model.Rejection;

/** The canonical records of one provider page, and the records of that page that were rejected. */
public record NormalizationResult<T>(List<T> records, List<Rejection> rejections) {

    public NormalizationResult {
        records = List.copyOf(records);
        rejections = List.copyOf(rejections);
    }

    public boolean hasRejections() {
        return !rejections.isEmpty();
    }
}
