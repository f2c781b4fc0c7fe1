package io.durascale.pipeline.taskhub.tracking;

import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstanceNotFinishedException;
import io.durascale.pipeline.taskhub.model.InstancePage;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.storage.TableKeys;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What clients ask of the instances' records — get, query, purge — over the history and
 * instances tables and the large-message blobs, as DTFx's ITrackingStore answers them for the
 * Azure Storage provider, and the row a new instance starts with. The write path of an episode
 * (load, append, update) uses {@link HistoryStore} and {@link InstanceStore} directly, in the
 * order the committer needs.
 */
public final class TrackingStore {

    private static final int PURGE_PAGE = 100;

    private final TaskHubStorage storage;
    private final HistoryStore histories;
    private final InstanceStore instances;

    public TrackingStore(TaskHubStorage storage, HistoryStore histories, InstanceStore instances) {
        this.storage = storage;
        this.histories = histories;
        this.instances = instances;
    }

    /**
     * Writes the row of a new instance (status Pending), replacing a finished instance of the same id.
     *
     * @throws io.durascale.pipeline.taskhub.model.InstanceExistsException when an unfinished instance has that id
     */
    public void create(InstanceRecord record) {
        instances.create(record);
    }

    /** The instance, or null if it does not exist. */
    public InstanceRecord get(String instanceId) {
        return instances.get(instanceId);
    }

    /** Whether the instance has a row: one point read. */
    public boolean exists(String instanceId) {
        return instances.exists(instanceId);
    }

    /** One page of at most {@code pageSize} (at least 1) instances. */
    public InstancePage query(InstanceFilter filter, int pageSize, String continuation, boolean withPayloads) {
        return instances.query(filter, Math.max(1, pageSize), continuation, withPayloads);
    }

    /**
     * Deletes a finished instance's history, large payloads and row, in that order (a purge that
     * dies half way leaves a row to purge again).
     *
     * @return true if purged, false if there is no such instance
     * @throws InstanceNotFinishedException if the instance has not finished
     */
    public boolean purge(String instanceId) {
        InstanceRecord record = instances.get(instanceId);
        if (record == null) {
            return false;
        }
        if (!record.isTerminal()) {
            throw new InstanceNotFinishedException(instanceId, record.status());
        }
        histories.delete(instanceId);
        storage.listBlobNames(storage.largeMessagesContainer(), TableKeys.escape(instanceId) + "/")
                .forEach(blob -> storage.deleteBlob(storage.largeMessagesContainer(), blob));
        instances.delete(instanceId);
        return true;
    }

    /**
     * Purges every finished instance the filter selects (an empty status set means every
     * finished status), telling {@code purged} each id it removed.
     */
    public int purge(InstanceFilter filter, Consumer<String> purged) {
        Set<OrchestrationStatus> statuses = EnumSet.noneOf(OrchestrationStatus.class);
        if (filter.statuses() == null || filter.statuses().isEmpty()) {
            statuses.addAll(OrchestrationStatus.TERMINAL);
        } else {
            filter.statuses().stream().filter(OrchestrationStatus::isTerminal).forEach(statuses::add);
        }
        if (statuses.isEmpty()) {
            return 0;
        }
        InstanceFilter finished = new InstanceFilter(statuses, filter.createdFrom(), filter.createdTo(), filter.instanceIdPrefix());
        int count = 0;
        String token = null;
        do {
            InstancePage page = instances.query(finished, PURGE_PAGE, token, false);
            for (InstanceRecord record : page.instances()) {
                try {
                    if (purge(record.instanceId())) {
                        purged.accept(record.instanceId());
                        count++;
                    }
                } catch (InstanceNotFinishedException e) {
                    // it was restarted since the query: not finished any more
                }
            }
            token = page.continuationToken();
        } while (token != null);
        return count;
    }
}
