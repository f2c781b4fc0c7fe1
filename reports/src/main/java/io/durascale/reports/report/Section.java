package io.durascale.reports.report;

/**
 * One section of the capacity report: what it reads from the runs and what its template
 * ({@code templates/sections/<id>.peb}) shows. Adding a section is one class, one template and one
 * line in {@link CapacityReport#SECTIONS}.
 */
public interface Section {

    String id();

    String title();

    SectionView view(ReportContext context);
}
