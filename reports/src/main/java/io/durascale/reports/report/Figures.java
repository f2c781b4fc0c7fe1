package io.durascale.reports.report;

import java.util.Locale;

/** How the report prints numbers: a dash for unknown, few digits, units people read. */
public final class Figures {

    public static final String UNKNOWN = "—";

    private Figures() {
    }

    /** A record's figure as a number to print, NaN where the file had none (a boxed null). */
    public static double orUnknown(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }

    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return UNKNOWN;
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        // Three significant digits, no trailing zeros: 6.8, 12.3, 0.0042.
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    public static String millis(double ms) {
        if (!Double.isFinite(ms)) {
            return UNKNOWN;
        }
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    public static String money(double amount, String currency) {
        if (!Double.isFinite(amount)) {
            return UNKNOWN;
        }
        String prefix = "USD".equals(currency) ? "$" : currency + " ";
        if (amount == 0) {
            return prefix + "0";
        }
        if (Math.abs(amount) >= 1) {
            return prefix + String.format(Locale.ROOT, "%,.2f", amount);
        }
        return prefix + String.format(Locale.ROOT, "%.2g", amount);
    }

    /** Prices carry more digits than amounts: $0.000016 per GB-s must not print as $0.00. */
    public static String price(double value) {
        if (!Double.isFinite(value)) {
            return UNKNOWN;
        }
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value)
                : new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    public static String bytes(double b) {
        if (!Double.isFinite(b)) {
            return UNKNOWN;
        }
        if (b >= 1 << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (1 << 30));
        }
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }

    public static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.0f%%", fraction * 100) : UNKNOWN;
    }
}
