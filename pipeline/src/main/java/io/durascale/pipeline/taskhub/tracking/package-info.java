/**
 * The instances' records, as DTFx's {@code Tracking/} (ITrackingStore) keeps them: the history
 * table with its sentinel-ETag-guarded appends ({@code HistoryStore}), the instances table
 * ({@code InstanceStore}), and {@code TrackingStore}, which answers clients' get, query and
 * purge over both and the large-message blobs.
 */
package io.durascale.pipeline.taskhub.tracking;
