package io.durascale.worker.consumer;

import io.durascale.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lease's storage calls against real storage: renewal keeps the body and tracks the pop receipt. */
@ExtendWith(StorageExtension.class)
class LeaseTest {

    @Test
    void renewalKeepsTheBodyAndALaterDeleteUsesTheNewPopReceipt(TestStorage storage) {
        QueueClient queue = storage.queue("lease");
        queue.sendMessage("eyJib2R5IjoidW50b3VjaGVkIn0=");
        Lease lease = new Lease(receive(queue, Duration.ofSeconds(2)), System.nanoTime());

        assertThat(lease.renew(queue, Duration.ofSeconds(2), System.nanoTime())).isTrue();
        assertThat(lease.renew(queue, Duration.ofSeconds(2), System.nanoTime())).isTrue();
        assertThat(lease.release(queue, Duration.ZERO)).isTrue();
        assertThat(lease.state()).isEqualTo(Lease.State.RELEASED);
        assertThat(lease.delete(queue)).as("a released lease is no longer ours").isFalse();

        QueueMessageItem again = receive(queue, Duration.ofSeconds(30));
        assertThat(again.getBody().toString()).isEqualTo("eyJib2R5IjoidW50b3VjaGVkIn0=");
        assertThat(again.getDequeueCount()).isEqualTo(2);
        Lease second = new Lease(again, System.nanoTime());
        assertThat(second.renew(queue, Duration.ofSeconds(30), System.nanoTime())).isTrue();
        assertThat(second.delete(queue)).isTrue();
        assertThat(second.state()).isEqualTo(Lease.State.DELETED);
        assertThat(queue.getProperties().getApproximateMessagesCountLong()).isZero();
    }

    @Test
    void aLeaseWhoseMessageWasTakenByAnotherReceiverIsLost(TestStorage storage) {
        QueueClient queue = storage.queue("lease-lost");
        queue.sendMessage("x");
        Lease stale = new Lease(receive(queue, Duration.ofSeconds(1)), System.nanoTime());
        QueueMessageItem taken = awaitReceive(queue);
        assertThat(taken.getDequeueCount()).isEqualTo(2);

        assertThat(stale.renew(queue, Duration.ofSeconds(30), System.nanoTime())).isFalse();
        assertThat(stale.state()).isEqualTo(Lease.State.LOST);
        assertThat(stale.delete(queue)).isFalse();
        assertThat(queue.getProperties().getApproximateMessagesCountLong()).as("the other receiver still has it").isEqualTo(1);
    }

    private static QueueMessageItem receive(QueueClient queue, Duration visibility) {
        return queue.receiveMessages(1, visibility, null, null).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no message"));
    }

    private static QueueMessageItem awaitReceive(QueueClient queue) {
        QueueMessageItem[] got = new QueueMessageItem[1];
        Await.until(Duration.ofSeconds(15), "the message becomes visible again", () -> {
            got[0] = queue.receiveMessages(1, Duration.ofSeconds(30), null, null).stream().findFirst().orElse(null);
            return got[0] != null;
        });
        return got[0];
    }
}
