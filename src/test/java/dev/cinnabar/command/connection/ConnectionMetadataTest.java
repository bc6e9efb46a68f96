package dev.cinnabar.command.connection;

import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata COMMAND INFO shows, as redis-server 7.0.15 (7.2 for SETINFO and NO-TOUCH) publishes it. */
class ConnectionMetadataTest extends ServerTest {

    @Autowired
    private CommandRegistry registry;

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            ping;            -1; fast;                                           @fast @connection
            echo;             2; loading stale fast;                             @fast @connection
            quit;            -1; noscript loading stale fast no_auth allow_busy; @fast @connection
            select;           2; loading stale fast;                             @fast @connection
            hello;           -1; noscript loading stale fast no_auth allow_busy; @fast @connection
            reset;            1; noscript loading stale fast no_auth allow_busy; @fast @connection
            client|id;        2; noscript loading stale;                         @slow @connection
            client|setname;   3; noscript loading stale;                         @slow @connection
            client|getname;   2; noscript loading stale;                         @slow @connection
            client|list;     -2; admin noscript loading stale;                   @admin @slow @dangerous @connection
            client|info;      2; noscript loading stale;                         @slow @connection
            client|kill;     -3; admin noscript loading stale;                   @admin @slow @dangerous @connection
            client|no-evict;  3; admin noscript loading stale;                   @admin @slow @dangerous @connection
            client|help;      2; loading stale;                                  @slow @connection
            client|setinfo;   4; noscript loading stale;                         @slow @connection
            client|no-touch;  3; noscript loading stale;                         @slow @connection
            """)
    void matchesRedis(String name, int arity, String flags, String categories) {
        CommandSpec spec = spec(name);
        assertThat(spec.arity()).isEqualTo(arity);
        assertThat(spec.flagNames()).containsExactlyElementsOf(List.of(flags.split(" ")));
        assertThat(AclCategory.wireNames(spec.categories())).containsExactlyElementsOf(List.of(categories.split(" ")));
        assertThat(spec.firstKey()).isZero();
        assertThat(spec.group()).isEqualTo("connection");
    }

    private CommandSpec spec(String fullName) {
        int bar = fullName.indexOf('|');
        if (bar < 0) {
            return registry.lookup(fullName);
        }
        return registry.lookup(fullName.substring(0, bar))
                .subcommand(fullName.substring(bar + 1).getBytes(StandardCharsets.US_ASCII));
    }
}
