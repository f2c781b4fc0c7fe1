package io.durascale.run.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineFileTest {

    @Test
    void badLinesAreSkippedAndCountedAndUnknownKindsKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"t\":3,\"kind\":\"queue\",\"queue\":\"q\",\"depth\":1}",
                "{\"t\":1,\"kind\":\"future-kind\",\"answer\":42}",
                "{\"t\":2,\"kind\":\"queue\",\"queue\":\"q\",\"depth\":\"deep\"}",
                "{\"kind\":\"queue\"}",
                "{\"t\":4,\"kind\":\"repl"));

        TimelineFile timeline = TimelineFile.read(file);

        assertThat(timeline.events()).extracting(TimelineEvent::t).containsExactly(1L, 3L);
        assertThat(timeline.events().get(0)).isInstanceOfSatisfying(TimelineEvent.Other.class,
                other -> assertThat(other.values().path("answer").asInt()).isEqualTo(42));
        assertThat(timeline.skippedLines()).isEqualTo(3);
        assertThat(timeline.firstProblem()).startsWith("line 3 is not a readable event");
        assertThat(timeline.of(TimelineEvent.QueueDepth.class)).singleElement()
                .satisfies(q -> assertThat(q.depth()).isEqualTo(1));
    }

    @Test
    void anUnknownKindIsWrittenBackUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        Files.writeString(file, "{\"t\":1,\"kind\":\"future-kind\",\"answer\":42}\n");
        TimelineEvent other = TimelineFile.read(file).events().get(0);
        assertThat(new String(Timeline.encode(other))).isEqualTo("{\"t\":1,\"kind\":\"future-kind\",\"answer\":42}\n");
    }
}
