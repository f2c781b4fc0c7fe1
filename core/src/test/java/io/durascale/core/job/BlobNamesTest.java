package io.durascale.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.core.job.BlobNames.BlobRef;
import io.durascale.core.job.BlobNames.BlockPath;
import org.junit.jupiter.api.Test;

class BlobNamesTest {

    @Test
    void namesFollowTheContract() {
        assertThat(BlobNames.INPUT_CONTAINER).isEqualTo("compute-input");
        assertThat(BlobNames.OUTPUT_CONTAINER).isEqualTo("compute-output");
        assertThat(BlobNames.blockPath("inst-1", "block-7")).isEqualTo("inst-1/block-7");
        assertThat(BlobNames.inputBlob("inst-1", "block-7")).isEqualTo("compute-input/inst-1/block-7");
        assertThat(BlobNames.outputBlob("inst-1", "block-7")).isEqualTo("compute-output/inst-1/block-7");
    }

    @Test
    void pathsParseBackToInstanceAndBlock() {
        assertThat(BlobNames.parseBlockPath("inst-1/block-7")).isEqualTo(new BlockPath("inst-1", "block-7"));
        BlobRef ref = BlobNames.parseBlob("compute-output/abc123/0042");
        assertThat(ref.container()).isEqualTo("compute-output");
        assertThat(ref.block().instanceId()).isEqualTo("abc123");
        assertThat(ref.block().blockId()).isEqualTo("0042");
        assertThat(ref.blobName()).isEqualTo("abc123/0042");
        assertThat(ref.toString()).isEqualTo("compute-output/abc123/0042");
    }

    @Test
    void eventGridSubjectsParse() {
        BlobRef ref = BlobNames.parseEventSubject("/blobServices/default/containers/compute-output/blobs/inst-9/block-3");
        assertThat(ref).isEqualTo(new BlobRef("compute-output", new BlockPath("inst-9", "block-3")));
        assertThatThrownBy(() -> BlobNames.parseEventSubject("/containers/x/blobs/a/b"))
                .hasMessageContaining("starts with '/blobServices/default/containers/'");
        assertThatThrownBy(() -> BlobNames.parseEventSubject("/blobServices/default/containers/x/a/b"))
                .hasMessageContaining("'/blobs/'");
    }

    @Test
    void malformedNamesAreRejectedWithTheirPart() {
        assertThatThrownBy(() -> BlobNames.parseBlockPath("just-one")).hasMessageContaining("'instanceId/blockId'");
        assertThatThrownBy(() -> BlobNames.parseBlockPath("a/b/c")).hasMessageContaining("'instanceId/blockId'");
        assertThatThrownBy(() -> BlobNames.parseBlockPath("/b")).hasMessageContaining("instanceId is empty");
        assertThatThrownBy(() -> BlobNames.parseBlockPath("a/")).hasMessageContaining("blockId is empty");
        assertThatThrownBy(() -> BlobNames.parseBlob("c/a")).hasMessageContaining("'container/instanceId/blockId'");
        assertThatThrownBy(() -> BlobNames.blockPath("a/b", "c")).hasMessageContaining("instanceId 'a/b' contains '/'");
        assertThatThrownBy(() -> BlobNames.blockPath("a", "..")).hasMessageContaining("blockId may not be");
        assertThatThrownBy(() -> BlobNames.blockPath("a", "b\u0000")).hasMessageContaining("control character");
        assertThatThrownBy(() -> BlobNames.parseBlockPath(null)).hasMessageContaining("got nothing");
    }
}
