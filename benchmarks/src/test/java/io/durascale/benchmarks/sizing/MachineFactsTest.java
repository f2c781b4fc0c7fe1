package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineFactsTest {

    @Test
    void readsModelSmtVirtualisationAndLoadFromProcAndSys(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu0/topology"));
        Files.writeString(root.resolve("proc/cpuinfo"), """
                processor\t: 0
                model name\t: Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz
                flags\t\t: fpu vme sse2 hypervisor avx2
                processor\t: 1
                model name\t: Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz
                """);
        Files.writeString(root.resolve("sys/devices/system/cpu/cpu0/topology/thread_siblings_list"), "0-1\n");
        Files.writeString(root.resolve("proc/loadavg"), "1.50 0.75 0.25 2/300 1234\n");

        MachineFacts facts = MachineFacts.read(root, 2);
        assertThat(facts.cpuModel()).isEqualTo("Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz");
        assertThat(facts.threadsPerCore()).isEqualTo(2);
        assertThat(facts.virtualMachine()).isTrue();
        assertThat(facts.loadAverage()).containsExactly(1.5, 0.75, 0.25);
        assertThat(facts.describe()).isEqualTo("Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz, 2 CPUs (2 threads per core, "
                + "virtual machine)");
    }

    @Test
    void unknownFactsStayUnknown(@TempDir Path empty) {
        MachineFacts facts = MachineFacts.read(empty, 4);
        assertThat(facts.threadsPerCore()).isZero();
        assertThat(facts.loadAverage()).isNull();
        assertThat(facts.describeLoad()).isEqualTo("unknown");
        assertThat(MachineFacts.countCpus("0,4")).isEqualTo(2);
        assertThat(MachineFacts.countCpus("3")).isEqualTo(1);
    }
}
