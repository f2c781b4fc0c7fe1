package io.durascale.reports.analysis;

/** A point event on the timeline (a node added, a load phase, a KEDA action): epoch ms and a label. */
public record Marker(long t, String kind, String label) {
}
