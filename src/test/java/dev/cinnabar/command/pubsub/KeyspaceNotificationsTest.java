package dev.cinnabar.command.pubsub;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** notify-keyspace-events: the events each implemented command publishes, as Redis 7.0 names them. */
class KeyspaceNotificationsTest extends ServerTest {

    private RawClient subscriber;

    @BeforeEach
    void subscribeToEverything() throws Exception {
        redis.configSet("notify-keyspace-events", "KEA");
        subscriber = raw();
        subscriber.command("PSUBSCRIBE", "__key*__:*", "end-of-events").readReply();
        subscriber.readReply();
    }

    @AfterEach
    void notificationsOff() {
        redis.configSet("notify-keyspace-events", "");
    }

    /** Runs {@code command} and returns the events it published, as "event key" pairs from the keyevent channels. */
    private List<String> events(String... command) throws Exception {
        raw().command(command).readReply();
        raw().command("PUBLISH", "end-of-events", "").readReply();
        List<String> events = new ArrayList<>();
        while (true) {
            String[] message = subscriber.readReply().split("\r\n");
            String channel = message[6];
            if (channel.equals("end-of-events")) {
                return events;
            }
            if (channel.startsWith("__keyevent@")) {
                events.add(channel.substring(channel.indexOf("__:") + 3) + " " + message[8]
                        + (channel.startsWith("__keyevent@0__") ? "" : " in " + channel.charAt(11)));
            }
        }
    }

    @Test
    void stringEvents() throws Exception {
        assertThat(events("SET", "k", "v")).containsExactly("set k");
        assertThat(events("SET", "k", "v", "EX", "100")).containsExactly("set k", "expire k");
        assertThat(events("SET", "k", "v", "NX")).isEmpty();
        assertThat(events("SETEX", "k", "100", "v")).containsExactly("set k", "expire k");
        assertThat(events("SETNX", "n", "v")).containsExactly("set n");
        assertThat(events("GETSET", "k", "v2")).containsExactly("set k");
        assertThat(events("MSET", "a", "1", "b", "2")).containsExactly("set a", "set b");
        assertThat(events("APPEND", "a", "x")).containsExactly("append a");
        assertThat(events("SETRANGE", "b", "3", "z")).containsExactly("setrange b");
        assertThat(events("INCR", "i")).containsExactly("incrby i");
        assertThat(events("DECRBY", "i", "3")).containsExactly("incrby i");
        assertThat(events("INCRBYFLOAT", "i", "1.5")).containsExactly("incrbyfloat i");
        assertThat(events("GETEX", "k", "EX", "50")).containsExactly("expire k");
        assertThat(events("GETEX", "k", "PERSIST")).containsExactly("persist k");
        assertThat(events("GETDEL", "k")).containsExactly("del k");
        assertThat(events("GETDEL", "k")).isEmpty();
    }

    @Test
    void keyEvents() throws Exception {
        redis.mset(java.util.Map.of("a", "1", "b", "2", "c", "3"));
        events("PING");
        assertThat(events("DEL", "a", "zz")).containsExactly("del a");
        assertThat(events("UNLINK", "b")).containsExactly("del b");
        assertThat(events("RENAME", "c", "d")).containsExactly("rename_from c", "rename_to d");
        assertThat(events("COPY", "d", "e")).containsExactly("copy_to e");
        assertThat(events("MOVE", "e", "1")).containsExactly("move_from e", "move_to e in 1");
        assertThat(events("EXPIRE", "d", "100")).containsExactly("expire d");
        assertThat(events("PERSIST", "d")).containsExactly("persist d");
        assertThat(events("PERSIST", "d")).isEmpty();
        assertThat(events("PEXPIREAT", "d", "1")).containsExactly("del d");
        assertThat(events("FLUSHALL")).isEmpty();
    }

    @Test
    void expiredKeysPublishExpired() throws Exception {
        redis.psetex("short", 1, "v");
        events("PING");
        Thread.sleep(5);
        assertThat(events("GET", "short")).containsExactly("expired short");
    }

    @Test
    void listEvents() throws Exception {
        assertThat(events("LPUSH", "l", "a", "b", "c")).containsExactly("lpush l");
        assertThat(events("RPUSH", "l", "d")).containsExactly("rpush l");
        assertThat(events("LPUSHX", "none", "x")).isEmpty();
        assertThat(events("LINSERT", "l", "BEFORE", "a", "z")).containsExactly("linsert l");
        assertThat(events("LSET", "l", "0", "q")).containsExactly("lset l");
        assertThat(events("LREM", "l", "1", "q")).containsExactly("lrem l");
        assertThat(events("LTRIM", "l", "0", "2")).containsExactly("ltrim l");
        assertThat(events("LPOP", "l")).containsExactly("lpop l");
        assertThat(events("LMOVE", "l", "m", "LEFT", "RIGHT")).containsExactly("rpush m", "lpop l");
        assertThat(events("RPOP", "l", "5")).containsExactly("rpop l", "del l");
        assertThat(events("LMPOP", "1", "m", "LEFT")).containsExactly("lpop m", "del m");
        redis.rpush("w", "x");
        events("PING");
        assertThat(events("BLPOP", "w", "0")).containsExactly("lpop w", "del w");
    }

    @Test
    void onlyTheEnabledClassesAndChannelKindsArePublished() throws Exception {
        redis.configSet("notify-keyspace-events", "Kl");
        raw().command("SET", "k", "v").readReply();
        raw().command("RPUSH", "l", "x").readReply();
        raw().command("PUBLISH", "end-of-events", "").readReply();
        assertThat(subscriber.readReply()).isEqualTo("*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n"
                + "$16\r\n__keyspace@0__:l\r\n$5\r\nrpush\r\n");
        assertThat(subscriber.readReply()).contains("$13\r\nend-of-events\r\n");
        redis.configSet("notify-keyspace-events", "Em");
        raw().command("GET", "missing").readReply();
        assertThat(subscriber.readReply()).isEqualTo("*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n"
                + "$22\r\n__keyevent@0__:keymiss\r\n$7\r\nmissing\r\n");
    }
}
