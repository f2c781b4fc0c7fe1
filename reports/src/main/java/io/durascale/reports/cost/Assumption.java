package io.durascale.reports.cost;

/** An input of the cost comparison as used for one run, with its unit and where the value came from. */
public record Assumption(String key, String description, double value, String unit, String source) {
}
