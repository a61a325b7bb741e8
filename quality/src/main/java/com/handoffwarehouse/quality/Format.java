package com.handoffwarehouse.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as the messages show them: ratios to four decimals, counts whole. */
final class Format {
    private Format() {
    }

    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return (rounded.scale() <= 0 ? rounded.setScale(1) : rounded).toPlainString();
    }

    static String percent(double share) {
        BigDecimal rounded = BigDecimal.valueOf(share * 100).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return (rounded.scale() < 0 ? rounded.setScale(0) : rounded).toPlainString() + "%";
    }

    static String count(double value) {
        return Long.toString(Math.round(value));
    }
}
