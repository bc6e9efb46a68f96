package dev.cinnabar.command.server;

import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Compares the COMMAND INFO of every command we register with a real redis-server's, when
 * one is installed: arity, flags, key range and ACL categories, and the tips of the server
 * family. Key specifications are left out: ours are derived from the key range.
 */
class RedisMetadataTest extends ServerTest {

    private static final int TIPS = 7;
    /** Commands of Redis 7.2 that the installed 7.0 server cannot describe. */
    private static final Set<String> NEWER_THAN_7_0 = Set.of("client|setinfo", "client|no-touch");
    /** Commands whose arity Redis 7.2 changed for a new option (ZRANK's WITHSCORE), which we take. */
    private static final Map<String, Long> ARITY_OF_7_2 = Map.of("zrank", -3L, "zrevrank", -3L);

    @Autowired
    private CommandRegistry registry;

    private int redisPort;

    @Test
    void everyCommandDescribesItselfAsRedis7Does() throws Exception {
        Process redisServer = startRedisServer();
        assumeThat(redisServer).as("redis-server installed").isNotNull();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> real = client.connect(RedisURI.create("127.0.0.1", redisPort))) {
            List<CommandSpec> specs = new ArrayList<>(registry.commands());
            specs.addAll(registry.executableCommands());
            specs.removeIf(spec -> NEWER_THAN_7_0.contains(spec.fullName()));
            for (CommandSpec spec : specs) {
                List<Object> ours = list(redis.commandInfo(spec.fullName()).get(0));
                Object theirs = real.sync().commandInfo(spec.fullName()).get(0);
                assertThat(theirs).as("%s exists in Redis", spec.fullName()).isNotNull();
                List<Object> expected = new ArrayList<>(list(theirs));
                if (ARITY_OF_7_2.containsKey(spec.fullName())) {
                    expected.set(1, ARITY_OF_7_2.get(spec.fullName()));
                }
                int compared = spec.group().equals("server") ? TIPS + 1 : TIPS;
                assertThat(ours.subList(0, compared)).as(spec.fullName()).isEqualTo(expected.subList(0, compared));
                assertThat(subcommandNames(ours)).as(spec.fullName() + " subcommands")
                        .isSubsetOf(subcommandNames(expected, NEWER_THAN_7_0));
            }
        } finally {
            client.shutdown();
            redisServer.destroy();
            redisServer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startRedisServer() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        Process process;
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--save", "",
                    "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", redisPort)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroy();
        return null;
    }

    private static List<Object> subcommandNames(List<Object> info) {
        List<Object> names = new ArrayList<>();
        for (Object subcommand : list(info.get(9))) {
            names.add(list(subcommand).get(0));
        }
        return names;
    }

    private static List<Object> subcommandNames(List<Object> info, Set<String> alsoAccepted) {
        List<Object> names = subcommandNames(info);
        names.addAll(alsoAccepted);
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) {
        return (List<Object>) reply;
    }
}
