package dev.cinnabar.persistence.aof;

import dev.cinnabar.persistence.aof.AofManifest.AofFile;
import dev.cinnabar.persistence.aof.AofManifest.FileType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofManifestTest {

    @Test
    void readsRedisManifestsInLoadOrder() {
        AofManifest manifest = AofManifest.parse("""
                file appendonly.aof.2.base.rdb seq 2 type b
                # a comment
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.3.incr.aof seq 3 type i future-key value
                file appendonly.aof.4.incr.aof seq 4 type i
                """, "appendonly.aof.manifest");
        assertThat(manifest.loadOrder()).extracting(AofFile::name).containsExactly("appendonly.aof.2.base.rdb",
                "appendonly.aof.3.incr.aof", "appendonly.aof.4.incr.aof");
        assertThat(manifest.base().isRdb()).isTrue();
        assertThat(manifest.history()).extracting(AofFile::type).containsExactly(FileType.HISTORY);
        assertThat(manifest.lastIncremental().sequence()).isEqualTo(4);
    }

    @Test
    void writesWhatItReadsAndQuotesNamesWithSpaces() {
        AofManifest manifest = AofManifest.empty().withIncremental(new AofFile("my file.aof", 1, FileType.INCREMENTAL));
        assertThat(manifest.format()).isEqualTo("file \"my file.aof\" seq 1 type i\n");
        assertThat(AofManifest.parse(manifest.format(), "m").lastIncremental().name()).isEqualTo("my file.aof");
    }

    @Test
    void refusesMalformedLinesNamingTheLine() {
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1\n", "m.manifest"))
                .isInstanceOf(AofLoadException.class)
                .hasMessage("Invalid AOF manifest file format in m.manifest at line 1: "
                        + "a file, seq or type is missing or unknown");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 2 type i\nfile b seq 1 type i\n", "m"))
                .hasMessageEndingWith("line 2: the incremental files are out of order");
        assertThatThrownBy(() -> AofManifest.parse("file a seq x type i\n", "m"))
                .hasMessageEndingWith("line 1: the seq is not a number");
        assertThatThrownBy(() -> AofManifest.parse("file \"a seq 1 type i\n", "m"))
                .hasMessageEndingWith("line 1: an unbalanced quote");
    }
}
