package dev.cinnabar.command.server;

import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandIntrospectionTest extends ServerTest {

    /** COMMAND INFO GET as redis-server 7.0.15 answers it. */
    private static final String REDIS_GET_INFO = "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
            + "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
            + "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
            + "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

    @Autowired
    private CommandRegistry registry;

    @Test
    void countIsTheNumberOfTopLevelCommands() {
        assertThat(redis.commandCount()).isEqualTo(registry.commands().size());
        assertThat(redis.command()).hasSize(registry.commands().size());
    }

    @Test
    void infoOfGetIsRedisReplyByteForByte() throws Exception {
        assertThat(raw().command("COMMAND", "INFO", "get").readReply()).isEqualTo("*1\r\n" + REDIS_GET_INFO);
    }

    @Test
    void infoAnswersNilForUnknownCommandsAndFindsSubcommandsByFullName() throws Exception {
        assertThat(raw().command("COMMAND", "INFO", "nosuch", "GET", "memory|nosuch").readReply())
                .isEqualTo("*3\r\n*-1\r\n" + REDIS_GET_INFO + "*-1\r\n");
        assertThat(raw().command("COMMAND", "INFO", "MEMORY|USAGE").readReply()).isEqualTo(
                "*1\r\n*10\r\n$12\r\nmemory|usage\r\n:-3\r\n*1\r\n+readonly\r\n:2\r\n:2\r\n:1\r\n"
                        + "*2\r\n+@read\r\n+@slow\r\n*0\r\n"
                        + "*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n"
                        + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n"
                        + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
                        + "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n");
    }

    @Test
    void infoWithoutNamesDescribesEveryCommand() {
        List<Object> all = command("INFO");
        assertThat(all).hasSize(registry.commands().size());
    }

    @Test
    void containersListTheirSubcommandsAndTips() {
        List<Object> info = redis.commandInfo("command");
        List<Object> command = list(info.get(0));
        assertThat(command).hasSize(10);
        assertThat(command.subList(0, 8)).containsExactly("command", -1L, List.of("loading", "stale"), 0L, 0L, 0L,
                List.of("@slow", "@connection"), List.of("nondeterministic_output_order"));
        assertThat(list(command.get(9))).extracting(sub -> list(sub).get(0)).containsExactlyInAnyOrder(
                "command|count", "command|info", "command|docs", "command|list", "command|getkeys",
                "command|getkeysandflags", "command|help");
        List<Object> memory = list(redis.commandInfo("memory").get(0));
        assertThat(memory.subList(0, 8)).containsExactly("memory", -2L, List.of(), 0L, 0L, 0L, List.of("@slow"), List.of());
    }

    @Test
    void docsAreAMapOfNameToSummarySinceGroupComplexity() throws Exception {
        assertThat(raw().command("COMMAND", "DOCS", "time", "nosuch").readReply()).isEqualTo(
                "*2\r\n$4\r\ntime\r\n*8\r\n$7\r\nsummary\r\n$30\r\nReturn the current server time\r\n"
                        + "$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n"
                        + "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n");
    }

    @Test
    void docsOfAContainerNestSubcommandDocs() {
        List<Object> docs = command("DOCS", "memory");
        assertThat(docs.get(0)).isEqualTo("memory");
        List<Object> fields = list(docs.get(1));
        assertThat(fields.subList(0, 8)).containsExactly("summary", "A container for memory diagnostics commands",
                "since", "4.0.0", "group", "server", "complexity", "Depends on subcommand.");
        assertThat(fields.get(8)).isEqualTo("subcommands");
        assertThat(list(fields.get(9))).contains("memory|usage", "memory|doctor", "memory|help");
    }

    @Test
    void docsWithoutNamesDocumentEveryCommand() {
        assertThat(command("DOCS")).hasSize(2 * registry.commands().size());
    }

    @Test
    void listNamesEveryCommandAndSubcommand() throws Exception {
        List<Object> names = command("LIST");
        long expected = registry.commands().stream()
                .mapToLong(spec -> 1L + spec.subcommands().size())
                .sum();
        assertThat(names).hasSize((int) expected).contains("get", "memory", "memory|usage", "command|info");
    }

    @Test
    void listFiltersByPatternCategoryAndModule() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("COMMAND", "LIST", "FILTERBY", "PATTERN", "MEMORY|U*").readReply())
                .isEqualTo("*1\r\n$12\r\nmemory|usage\r\n");
        assertThat(raw.command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "read").readReply())
                .contains("$3\r\nget\r\n").contains("$12\r\nmemory|usage\r\n").doesNotContain("$3\r\nset\r\n");
        assertThat(raw.command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch").readReply()).isEqualTo("*0\r\n");
        assertThat(raw.command("COMMAND", "LIST", "FILTERBY", "MODULE", "any").readReply()).isEqualTo("*0\r\n");
        assertThat(raw.command("COMMAND", "LIST", "FILTERBY", "PATTERN").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("COMMAND", "LIST", "FILTERBY", "NAME", "x").readReply()).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void getkeysFindsKeysFromTheKeyRange() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("COMMAND", "GETKEYS", "SET", "k", "v").readReply()).isEqualTo("*1\r\n$1\r\nk\r\n");
        assertThat(raw.command("COMMAND", "GETKEYS", "MEMORY", "USAGE", "k").readReply()).isEqualTo("*1\r\n$1\r\nk\r\n");
        assertThat(raw.command("COMMAND", "GETKEYSANDFLAGS", "GET", "k").readReply())
                .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n");
        assertThat(raw.command("COMMAND", "GETKEYS", "GET", "a", "b").readReply())
                .isEqualTo("-ERR Invalid number of arguments specified for command\r\n");
        assertThat(raw.command("COMMAND", "GETKEYS", "PING", "k").readReply())
                .isEqualTo("-ERR The command has no key arguments\r\n");
        assertThat(raw.command("COMMAND", "GETKEYS", "NOSUCH", "k").readReply())
                .isEqualTo("-ERR Invalid command specified\r\n");
        assertThat(raw.command("COMMAND", "GETKEYS", "MEMORY", "NOSUCH", "k").readReply())
                .isEqualTo("-ERR Invalid command specified\r\n");
    }

    @Test
    void helpAndErrorsFollowRedis() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("COMMAND", "HELP").readReply())
                .startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
        assertThat(raw.command("COMMAND", "NOSUCH").readReply())
                .isEqualTo("-ERR unknown subcommand 'NOSUCH'. Try COMMAND HELP.\r\n");
        assertThat(raw.command("COMMAND", "COUNT", "x").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'command|count' command\r\n");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) {
        return (List<Object>) reply;
    }

    /** A COMMAND subcommand Lettuce has no method for, decoded as nested lists. */
    private List<Object> command(String... args) {
        CommandArgs<String, String> commandArgs = new CommandArgs<>(StringCodec.UTF8);
        for (String arg : args) {
            commandArgs.add(arg);
        }
        return redis.dispatch(CommandType.COMMAND, new ArrayOutput<>(StringCodec.UTF8), commandArgs);
    }

    @Test
    void everyExecutableCommandHasASummaryAndAVersion() {
        for (CommandSpec spec : registry.executableCommands()) {
            assertThat(spec.summary()).as(spec.fullName()).isNotEmpty();
            assertThat(spec.since()).as(spec.fullName()).matches("\\d+\\.\\d+\\.\\d+");
        }
    }
}
