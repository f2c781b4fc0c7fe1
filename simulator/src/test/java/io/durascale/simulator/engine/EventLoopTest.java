package io.durascale.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    private final VirtualClock clock = new VirtualClock(1_000);
    private final EventLoop loop = new EventLoop(clock);
    private final List<String> ran = new ArrayList<>();

    @Test
    void eventsRunInTimeOrderAndThoseAtTheSameMillisecondInTheOrderTheyWereScheduled() {
        for (int i = 0; i < 2_000; i++) {
            int n = i;
            long at = 1_000 + (i * 7919L) % 500;
            loop.at(at, () -> ran.add(at + ":" + n));
        }
        loop.runUntil(Long.MAX_VALUE);

        List<String> sorted = new ArrayList<>(ran);
        sorted.sort((a, b) -> {
            long ta = Long.parseLong(a.split(":")[0]);
            long tb = Long.parseLong(b.split(":")[0]);
            return ta != tb ? Long.compare(ta, tb) : Integer.compare(Integer.parseInt(a.split(":")[1]),
                    Integer.parseInt(b.split(":")[1]));
        });
        assertThat(ran).hasSize(2_000).isEqualTo(sorted);
        assertThat(loop.executed()).isEqualTo(2_000);
    }

    @Test
    void theClockIsTheEventsTimeAndAnEventInThePastRunsNow() {
        loop.at(5_000, () -> {
            ran.add("at " + clock.millis());
            loop.at(10, () -> ran.add("late at " + clock.millis()));
            loop.after(250, () -> ran.add("after at " + clock.millis()));
        });
        loop.runUntil(Long.MAX_VALUE);
        assertThat(ran).containsExactly("at 5000", "late at 5000", "after at 5250");
    }

    @Test
    void stopEndsTheRunAfterTheCurrentEventAndAHorizonLeavesLaterEventsScheduled() {
        loop.at(2_000, () -> ran.add("a"));
        loop.at(3_000, () -> {
            ran.add("b");
            loop.stop();
        });
        loop.at(4_000, () -> ran.add("c"));
        loop.runUntil(Long.MAX_VALUE);
        assertThat(ran).containsExactly("a", "b");
        assertThat(loop.hasEvents()).isTrue();

        loop.runUntil(3_500);
        assertThat(ran).containsExactly("a", "b");
        assertThat(clock.millis()).isEqualTo(3_500);
        loop.runUntil(Long.MAX_VALUE);
        assertThat(ran).containsExactly("a", "b", "c");
    }
}
