package io.durascale.reports.analysis;

import java.util.List;

/** Kernel throughput against threads: [threads, score] points of one benchmark or of the sizing measurement. */
public record CurveSeries(String name, String unit, List<double[]> points) {
}
