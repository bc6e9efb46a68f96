package dev.cinnabar;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisStyleArgumentsTest {

    private static String[] translate(String... args) {
        return RedisStyleArguments.translate(args);
    }

    @Test
    void separateAndEqualsFormsSetTheSameProperty() {
        assertThat(translate("--port", "6380")).containsExactly("--cinnabar.port=6380");
        assertThat(translate("--port=6380")).containsExactly("--cinnabar.port=6380");
    }

    @Test
    void theCodecraftersArgumentsTranslate() {
        assertThat(translate("--dir", "/tmp/rdb-4821", "--dbfilename", "mango.rdb", "--appendonly", "yes",
                "--appenddirname", "banana", "--appendfilename", "pear.aof", "--appendfsync", "always",
                "--replicaof", "localhost 6379"))
                .containsExactly("--cinnabar.dir=/tmp/rdb-4821", "--cinnabar.dbfilename=mango.rdb",
                        "--cinnabar.appendonly=yes", "--cinnabar.appenddirname=banana",
                        "--cinnabar.appendfilename=pear.aof", "--cinnabar.appendfsync=always",
                        "--cinnabar.replicaof=localhost 6379");
    }

    @Test
    void anOptionTakesEveryWordUpToTheNextOption() {
        assertThat(translate("--save", "900", "1", "300", "10", "--bind", "127.0.0.1", "::1", "--port", "7000"))
                .containsExactly("--cinnabar.save=900 1 300 10", "--cinnabar.bind=127.0.0.1,::1",
                        "--cinnabar.port=7000");
        assertThat(translate("--save", "900 1")).containsExactly("--cinnabar.save=900 1");
        assertThat(translate("--save", "")).containsExactly("--cinnabar.save=");
        assertThat(translate("--slaveof", "10.0.0.1", "6379")).containsExactly("--cinnabar.replicaof=10.0.0.1 6379");
    }

    @Test
    void aliasesAndLetterCaseReachTheCanonicalProperty() {
        assertThat(translate("--hash-max-ziplist-entries", "64", "--slave-read-only", "no", "--lua-time-limit", "100",
                "--MAXCLIENTS", "50"))
                .containsExactly("--cinnabar.hash-max-listpack-entries=64", "--cinnabar.replica-read-only=no",
                        "--cinnabar.busy-reply-threshold=100", "--cinnabar.maxclients=50");
    }

    @Test
    void valuesAreCanonicalisedWithRedisUnitsAndSpellings() {
        assertThat(translate("--maxmemory", "1gb", "--repl-backlog-size=2k", "--appendonly", "YES",
                "--maxmemory-policy", "ALLKEYS-LRU", "--notify-keyspace-events", "KEA"))
                .containsExactly("--cinnabar.maxmemory=1073741824", "--cinnabar.repl-backlog-size=2000",
                        "--cinnabar.appendonly=yes", "--cinnabar.maxmemory-policy=allkeys-lru",
                        "--cinnabar.notify-keyspace-events=AKE");
    }

    @Test
    void aRelativeDirBecomesAbsolute() {
        assertThat(translate("--dir", "data")).containsExactly(
                "--cinnabar.dir=" + Path.of("data").toAbsolutePath());
    }

    @Test
    void springPropertiesPassThrough() {
        assertThat(translate("--cinnabar.port=6380", "--management.server.port=9090", "--port", "1"))
                .containsExactly("--cinnabar.port=6380", "--management.server.port=9090", "--cinnabar.port=1");
    }

    @Test
    void unknownOptionsAreRejectedByName() {
        assertThatThrownBy(() -> translate("--port", "1", "--nosuch", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">>> 'nosuch \"1\"'")
                .hasMessageEndingWith("Bad directive or wrong number of arguments");
        assertThatThrownBy(() -> translate("6379"))
                .hasMessageContaining(">>> '6379'");
    }

    @Test
    void invalidValuesAreRejectedWithRedisReasons() {
        assertThatThrownBy(() -> translate("--port", "abc"))
                .hasMessageContaining(">>> 'port \"abc\"'")
                .hasMessageEndingWith("argument couldn't be parsed into an integer");
        assertThatThrownBy(() -> translate("--appendonly", "maybe"))
                .hasMessageEndingWith("argument must be 'yes' or 'no'");
        assertThatThrownBy(() -> translate("--save", "900", "x"))
                .hasMessageEndingWith("Invalid save parameters");
        assertThatThrownBy(() -> translate("--appendfsync", "sometimes"))
                .hasMessageEndingWith("argument(s) must be one of the following: everysec, always, no");
        assertThatThrownBy(() -> translate("--maxmemory", "1.5gb"))
                .hasMessageEndingWith("argument must be a memory value");
        assertThatThrownBy(() -> translate("--port"))
                .hasMessageEndingWith("wrong number of arguments");
    }
}
