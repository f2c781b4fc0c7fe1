package io.durascale.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixtures' one promise beyond starting things: nothing is left running, whatever fails. */
@ExtendWith(StorageExtension.class)
class TaskHubFixtureTest {

    @Test
    void aPartThatFailsToStartStopsTheServerStartedBeforeIt(TestStorage storage) {
        AtomicReference<TaskHub> hub = new AtomicReference<>();
        AtomicReference<Integer> port = new AtomicReference<>();
        assertThatThrownBy(() -> TaskHubFixture.builder(storage).with(h -> {
            hub.set(h.hub());
            port.set(h.port());
            assertThat(listening(h.port())).isTrue();
            throw new IllegalStateException("the part fails");
        }).start()).isInstanceOf(IllegalStateException.class).hasMessage("the part fails");

        assertThat(listening(port.get())).as("the gRPC port is closed").isFalse();
        assertThat(hub.get().ownedPartitions()).as("the partitions were given back").isEmpty();
    }

    @Test
    void partsCloseInReverseOrderAndEveryOneClosesWhenOneFails() {
        List<String> closed = new ArrayList<>();
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start(() -> () -> closed.add("first"));
        lifecycle.start(() -> () -> {
            closed.add("second");
            throw new IllegalStateException("second would not close");
        });
        lifecycle.start(() -> () -> closed.add("third"));
        assertThatThrownBy(lifecycle::close).hasMessage("second would not close");
        assertThat(closed).containsExactly("third", "second", "first");
    }

    @Test
    void aRunningFixtureServesItsClient(TestStorage storage) {
        try (TaskHubFixture hub = TaskHubFixture.start(storage)) {
            String id = hub.client().scheduleNewOrchestrationInstance("NobodyRunsThis");
            assertThat(hub.client().getInstanceMetadata(id, false).isInstanceFound()).isTrue();
            assertThat(hub.address().port()).isEqualTo(hub.port());
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
