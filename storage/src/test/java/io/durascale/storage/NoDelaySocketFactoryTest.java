package io.durascale.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The shared storage client's sockets send small bodies at once (no 40 ms Nagle/delayed-ACK stall). */
class NoDelaySocketFactoryTest {

    @Test
    void everySocketHasNagleOff() throws IOException {
        NoDelaySocketFactory factory = new NoDelaySocketFactory();
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             Socket unconnected = factory.createSocket();
             Socket byName = factory.createSocket("127.0.0.1", server.getLocalPort());
             Socket byAddress = factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket plain = new Socket()) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(byName.getTcpNoDelay()).isTrue();
            assertThat(byAddress.getTcpNoDelay()).isTrue();
            assertThat(plain.getTcpNoDelay()).as("the JDK default this fixes").isFalse();
        }
    }
}
