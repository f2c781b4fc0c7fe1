package io.durascale.pipeline.local.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Pods whose readiness and exit a test decides; by default ready at once and gone at once on SIGTERM. */
public final class FakePodLauncher implements PodLauncher {

    public final Map<String, FakePod> pods = new LinkedHashMap<>();
    public final List<String> starts = new ArrayList<>();
    public boolean readyOnStart = true;
    public boolean exitOnTerminate = true;
    public RuntimeException startFailure;
    public boolean closed;
    private long nextPid = 1000;

    @Override
    public PodProcess start(String podName) {
        starts.add(podName);
        if (startFailure != null) {
            throw startFailure;
        }
        FakePod pod = new FakePod(nextPid++);
        pod.ready = readyOnStart;
        pods.put(podName, pod);
        return pod;
    }

    public FakePod pod(String name) {
        FakePod pod = pods.get(name);
        if (pod == null) {
            throw new AssertionError("pod " + name + " was never started; started: " + starts);
        }
        return pod;
    }

    @Override
    public void close() {
        closed = true;
    }

    public final class FakePod implements PodProcess {
        public final long pid;
        public volatile boolean ready;
        public volatile Integer exit;
        public volatile boolean terminated;
        public volatile boolean killed;

        FakePod(long pid) {
            this.pid = pid;
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(pid);
        }

        @Override
        public boolean isReady() {
            return ready && exit == null;
        }

        @Override
        public OptionalInt exitCode() {
            return exit == null ? OptionalInt.empty() : OptionalInt.of(exit);
        }

        @Override
        public void terminate() {
            terminated = true;
            if (exitOnTerminate) {
                exit = 0;
            }
        }

        @Override
        public void kill() {
            killed = true;
            exit = 137;
        }
    }
}
