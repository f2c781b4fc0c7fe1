package io.durascale.reports.cost;

/**
 * One way of paying for the run's work: the cost of this run and of a month of such runs (NaN where an
 * input is missing), how it was computed, and what is left out.
 */
public record CostScenario(String name, double perRun, double perMonth, String formula, String note) {
}
