package io.durascale.reports.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One chart of the page: its container id, a caption, the Apache ECharts option drawn into it, and its height. */
public record Chart(String id, String title, ObjectNode option, int height) {
}
