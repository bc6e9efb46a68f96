package dev.cinnabar.command.pubsub;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PubSubCommandsTest extends ServerTest {

    private static final String NOT_ALLOWED = "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
            + "allowed in this context\r\n";

    private static String confirmation(String word, String name, int count) {
        return "*3\r\n$" + word.length() + "\r\n" + word + "\r\n"
                + (name == null ? "$-1\r\n" : "$" + name.length() + "\r\n" + name + "\r\n") + ":" + count + "\r\n";
    }

    private static String message(String channel, String payload) {
        return "*3\r\n$7\r\nmessage\r\n$" + channel.length() + "\r\n" + channel + "\r\n$" + payload.length() + "\r\n"
                + payload + "\r\n";
    }

    private static String pmessage(String pattern, String channel, String payload) {
        return "*4\r\n$8\r\npmessage\r\n$" + pattern.length() + "\r\n" + pattern + "\r\n$" + channel.length() + "\r\n"
                + channel + "\r\n$" + payload.length() + "\r\n" + payload + "\r\n";
    }

    @Test
    void subscribeConfirmsEachChannelWithTheClientsCount() throws Exception {
        RawClient subscriber = raw();
        subscriber.command("SUBSCRIBE", "c1", "c2", "c1");
        assertThat(subscriber.readReply()).isEqualTo(confirmation("subscribe", "c1", 1));
        assertThat(subscriber.readReply()).isEqualTo(confirmation("subscribe", "c2", 2));
        assertThat(subscriber.readReply()).isEqualTo(confirmation("subscribe", "c1", 2));
        subscriber.command("PSUBSCRIBE", "p*");
        assertThat(subscriber.readReply()).isEqualTo(confirmation("psubscribe", "p*", 3));
        subscriber.command("SSUBSCRIBE", "s1", "s2");
        assertThat(subscriber.readReply()).isEqualTo(confirmation("ssubscribe", "s1", 1));
        assertThat(subscriber.readReply()).isEqualTo(confirmation("ssubscribe", "s2", 2));
    }

    @Test
    void unsubscribeWithoutSubscriptionsAnswersANullChannel() throws Exception {
        RawClient client = raw();
        assertThat(client.command("UNSUBSCRIBE").readReply()).isEqualTo(confirmation("unsubscribe", null, 0));
        assertThat(client.command("PUNSUBSCRIBE").readReply()).isEqualTo(confirmation("punsubscribe", null, 0));
        assertThat(client.command("SUNSUBSCRIBE").readReply()).isEqualTo(confirmation("sunsubscribe", null, 0));
        assertThat(client.command("UNSUBSCRIBE", "never").readReply())
                .isEqualTo(confirmation("unsubscribe", "never", 0));
        assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("+OK\r\n");
    }

    @Test
    void unsubscribeWithoutArgumentsEndsEveryChannelInSubscriptionOrder() throws Exception {
        RawClient client = raw();
        client.command("SUBSCRIBE", "a", "b");
        client.readReply();
        client.readReply();
        client.command("PSUBSCRIBE", "x*");
        client.readReply();
        client.command("UNSUBSCRIBE");
        assertThat(client.readReply()).isEqualTo(confirmation("unsubscribe", "a", 2));
        assertThat(client.readReply()).isEqualTo(confirmation("unsubscribe", "b", 1));
        assertThat(client.command("UNSUBSCRIBE").readReply()).isEqualTo(confirmation("unsubscribe", null, 1));
        assertThat(client.command("PUNSUBSCRIBE", "x*", "y*").readReply())
                .isEqualTo(confirmation("punsubscribe", "x*", 0));
        assertThat(client.readReply()).isEqualTo(confirmation("punsubscribe", "y*", 0));
        assertThat(client.command("GET", "k").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void subscribedModeAllowsOnlyPubSubPingQuitAndReset() throws Exception {
        RawClient client = raw();
        client.command("SUBSCRIBE", "c0");
        client.readReply();
        assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("-ERR Can't execute 'set" + NOT_ALLOWED);
        assertThat(client.command("CLIENT", "LIST").readReply())
                .isEqualTo("-ERR Can't execute 'client|list" + NOT_ALLOWED);
        assertThat(client.command("MULTI").readReply()).isEqualTo("-ERR Can't execute 'multi" + NOT_ALLOWED);
        assertThat(client.command("FOO").readReply())
                .isEqualTo("-ERR unknown command 'FOO', with args beginning with: \r\n");
        assertThat(client.command("GET").readReply()).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(client.command("PING").readReply()).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        assertThat(client.command("PING", "hi").readReply()).isEqualTo("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
        assertThat(client.command("SUBSCRIBE").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'subscribe' command\r\n");
        assertThat(client.command("SUBSCRIBE", "c1").readReply()).isEqualTo(confirmation("subscribe", "c1", 2));
        assertThat(redis.ping()).isEqualTo("PONG");
        assertThat(client.command("QUIT").readReply()).isEqualTo("+OK\r\n");
        assertThat(client.isClosedByServer()).isTrue();
    }

    @Test
    void aShardSubscriptionKeepsSubscribedModeAndLeavingTheLastEndsIt() throws Exception {
        RawClient client = raw();
        client.command("SSUBSCRIBE", "s1");
        client.readReply();
        assertThat(client.command("PUNSUBSCRIBE", "x").readReply()).isEqualTo(confirmation("punsubscribe", "x", 0));
        assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("-ERR Can't execute 'set" + NOT_ALLOWED);
        assertThat(client.command("SUNSUBSCRIBE", "s1").readReply())
                .isEqualTo(confirmation("sunsubscribe", "s1", 0));
        assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("+OK\r\n");
        assertThat(client.command("PING").readReply()).isEqualTo("+PONG\r\n");
    }

    @Test
    void resetLeavesSubscribedModeAndEveryChannel() throws Exception {
        RawClient client = raw();
        client.command("SUBSCRIBE", "c");
        client.readReply();
        client.command("PSUBSCRIBE", "c*");
        client.readReply();
        assertThat(client.command("RESET").readReply()).isEqualTo("+RESET\r\n");
        assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("+OK\r\n");
        assertThat(redis.publish("c", "m")).isZero();
        assertThat(raw().command("PUBSUB", "NUMPAT").readReply()).isEqualTo(":0\r\n");
    }

    @Test
    void subscribeInsideMultiRunsInExec() throws Exception {
        RawClient client = raw();
        client.command("MULTI").readReply();
        assertThat(client.command("SUBSCRIBE", "c1").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(client.command("PING").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(client.command("EXEC").readReply())
                .isEqualTo("*2\r\n" + confirmation("subscribe", "c1", 1) + "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("-ERR Can't execute 'set" + NOT_ALLOWED);
    }

    @Test
    void publishReachesChannelAndPatternSubscribersAndCountsThem() throws Exception {
        RawClient channel = raw();
        RawClient patterns = raw();
        RawClient shard = raw();
        channel.command("SUBSCRIBE", "news").readReply();
        patterns.command("PSUBSCRIBE", "n*", "*");
        patterns.readReply();
        patterns.readReply();
        shard.command("SSUBSCRIBE", "news").readReply();

        assertThat(raw().command("PUBLISH", "news", "hello").readReply()).isEqualTo(":3\r\n");
        assertThat(channel.readReply()).isEqualTo(message("news", "hello"));
        assertThat(patterns.readReply()).isEqualTo(pmessage("n*", "news", "hello"));
        assertThat(patterns.readReply()).isEqualTo(pmessage("*", "news", "hello"));
        assertThat(shard.nothingMoreWithin(50)).isTrue();

        assertThat(raw().command("SPUBLISH", "news", "hi").readReply()).isEqualTo(":1\r\n");
        assertThat(shard.readReply()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n");
        assertThat(channel.nothingMoreWithin(50)).isTrue();
        assertThat(patterns.nothingMoreWithin(50)).isTrue();
        assertThat(raw().command("PUBLISH", "nobody", "x").readReply()).isEqualTo(":2\r\n");
        assertThat(raw().command("SPUBLISH", "nobody", "x").readReply()).isEqualTo(":0\r\n");
    }

    @Test
    void patternsAreCaseSensitiveGlobs() throws Exception {
        RawClient subscriber = raw();
        subscriber.command("PSUBSCRIBE", "h?llo.[ab]").readReply();
        assertThat(redis.publish("hello.a", "1")).isEqualTo(1);
        assertThat(redis.publish("Hello.a", "2")).isZero();
        assertThat(redis.publish("hxllo.c", "3")).isZero();
        assertThat(subscriber.readReply()).isEqualTo(pmessage("h?llo.[ab]", "hello.a", "1"));
        assertThat(subscriber.nothingMoreWithin(50)).isTrue();
    }

    @Test
    void messagesArriveInPublishOrderUnderAPipelineOfPublishes() throws Exception {
        RawClient subscriber = raw();
        subscriber.command("SUBSCRIBE", "ordered").readReply();
        StringBuilder pipeline = new StringBuilder();
        int publishes = 5000;
        for (int i = 0; i < publishes; i++) {
            String payload = Integer.toString(i);
            pipeline.append("*3\r\n$7\r\nPUBLISH\r\n$7\r\nordered\r\n$").append(payload.length()).append("\r\n")
                    .append(payload).append("\r\n");
        }
        RawClient publisher = raw();
        publisher.send(pipeline.toString());
        for (int i = 0; i < publishes; i++) {
            assertThat(publisher.readReply()).isEqualTo(":1\r\n");
        }
        for (int i = 0; i < publishes; i++) {
            assertThat(subscriber.readReply()).isEqualTo(message("ordered", Integer.toString(i)));
        }
    }

    @Test
    void everySubscriberOfAChannelGetsEveryMessage() throws Exception {
        List<RawClient> subscribers = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RawClient subscriber = raw();
            subscriber.command("SUBSCRIBE", "fan").readReply();
            subscribers.add(subscriber);
        }
        assertThat(redis.publish("fan", "one")).isEqualTo(50);
        assertThat(redis.publish("fan", "two")).isEqualTo(50);
        for (RawClient subscriber : subscribers) {
            assertThat(subscriber.readReply()).isEqualTo(message("fan", "one"));
            assertThat(subscriber.readReply()).isEqualTo(message("fan", "two"));
        }
    }

    @Test
    void aClosedSubscriberIsForgotten() throws Exception {
        RawClient subscriber = raw();
        subscriber.command("SUBSCRIBE", "gone").readReply();
        assertThat(redis.pubsubNumsub("gone")).containsEntry("gone", 1L);
        subscriber.close();
        for (int attempt = 0; attempt < 200 && redis.pubsubNumsub("gone").get("gone") != 0; attempt++) {
            Thread.sleep(10);
        }
        assertThat(redis.pubsubNumsub("gone")).containsEntry("gone", 0L);
        assertThat(redis.publish("gone", "x")).isZero();
    }

    @Test
    void pubsubIntrospection() throws Exception {
        RawClient subscriber = raw();
        subscriber.command("SUBSCRIBE", "news").readReply();
        subscriber.command("PSUBSCRIBE", "n*", "*");
        subscriber.readReply();
        subscriber.readReply();
        RawClient shard = raw();
        shard.command("SSUBSCRIBE", "news", "other");
        shard.readReply();
        shard.readReply();
        RawClient client = raw();
        assertThat(client.command("PUBSUB", "CHANNELS").readReply()).isEqualTo("*1\r\n$4\r\nnews\r\n");
        assertThat(client.command("PUBSUB", "channels", "x*").readReply()).isEqualTo("*0\r\n");
        assertThat(client.command("PUBSUB", "CHANNELS", "a", "b").readReply()).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n");
        assertThat(client.command("PUBSUB", "NUMSUB").readReply()).isEqualTo("*0\r\n");
        assertThat(client.command("PUBSUB", "NUMSUB", "news", "zz").readReply())
                .isEqualTo("*4\r\n$4\r\nnews\r\n:1\r\n$2\r\nzz\r\n:0\r\n");
        assertThat(client.command("PUBSUB", "NUMPAT").readReply()).isEqualTo(":2\r\n");
        assertThat(client.command("PUBSUB", "NUMPAT", "x").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
        assertThat(client.command("PUBSUB", "SHARDCHANNELS", "o*").readReply()).isEqualTo("*1\r\n$5\r\nother\r\n");
        assertThat(client.command("PUBSUB", "SHARDCHANNELS", "o*", "x").readReply()).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.\r\n");
        assertThat(client.command("PUBSUB", "SHARDNUMSUB", "news", "zz").readReply())
                .isEqualTo("*4\r\n$4\r\nnews\r\n:1\r\n$2\r\nzz\r\n:0\r\n");
        assertThat(client.command("PUBSUB", "SHARDNUMSUB").readReply()).isEqualTo("*0\r\n");
        assertThat(client.command("PUBSUB").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'pubsub' command\r\n");
        assertThat(client.command("PUBSUB", "foo").readReply())
                .isEqualTo("-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n");
        assertThat(client.command("PUBLISH", "news").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'publish' command\r\n");
        assertThat(client.command("SPUBLISH", "news").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'spublish' command\r\n");
        assertThat(client.command("PUBSUB", "HELP").readReply()).startsWith(
                "*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANNELS [<pattern>]\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");

        String info = redis.info("stats");
        assertThat(info).contains("pubsub_channels:1\r\n", "pubsub_patterns:2\r\n", "pubsubshard_channels:2\r\n");
        String clientList = redis.clientList();
        assertThat(clientList).contains(" flags=P db=0 sub=1 psub=2 ssub=0 ", " flags=P db=0 sub=0 psub=0 ssub=2 ",
                " flags=N db=0 sub=0 psub=0 ssub=0 ");
        String pubSubClients = client.command("CLIENT", "LIST", "TYPE", "pubsub").readReply();
        assertThat(pubSubClients).contains(" sub=1 psub=2 ", " ssub=2 ").doesNotContain("flags=N");
    }

    @Test
    void lettucePubSubConnectionsReceiveMessagesAndPatternMessages() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        StatefulRedisPubSubConnection<String, String> pubSub = client().connectPubSub(uri());
        try {
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + "=" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ":" + channel + "=" + message);
                }
            });
            pubSub.sync().subscribe("orders");
            pubSub.sync().psubscribe("ord*");
            assertThat(redis.publish("orders", "1")).isEqualTo(2);
            assertThat(redis.publish("ordinal", "2")).isEqualTo(1);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("orders=1");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("ord*:orders=1");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("ord*:ordinal=2");
            assertThat(redis.pubsubChannels()).containsExactly("orders");
            assertThat(redis.pubsubNumpat()).isEqualTo(1);
            pubSub.sync().unsubscribe("orders");
            assertThat(redis.publish("orders", "3")).isEqualTo(1);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("ord*:orders=3");
        } finally {
            pubSub.close();
        }
    }
}
