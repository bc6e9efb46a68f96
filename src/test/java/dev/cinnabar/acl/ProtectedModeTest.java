package dev.cinnabar.acl;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ProtectedModeTest {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);

    @Test
    void refusesRemoteClientsWhileTheDefaultUserHasNoPassword() {
        assertThat(ProtectedMode.refuses(true, true, REMOTE)).isTrue();
        assertThat(ProtectedMode.refuses(true, true, new InetSocketAddress("2001:db8::1", 40000))).isTrue();
    }

    @Test
    void acceptsLoopbackClientsAndEveryoneOnceAPasswordIsSetOrTheModeIsOff() {
        assertThat(ProtectedMode.refuses(true, true, new InetSocketAddress("127.0.0.1", 40000))).isFalse();
        assertThat(ProtectedMode.refuses(true, true, new InetSocketAddress("127.3.4.5", 40000))).isFalse();
        assertThat(ProtectedMode.refuses(true, true, new InetSocketAddress("::1", 40000))).isFalse();
        assertThat(ProtectedMode.refuses(true, false, REMOTE)).isFalse();
        assertThat(ProtectedMode.refuses(false, true, REMOTE)).isFalse();
        assertThat(ProtectedMode.refuses(true, true, null)).isFalse();
    }

    @Test
    void theRefusalIsRedisOwnText() {
        assertThat(ProtectedMode.DENIED).startsWith("-DENIED Redis is running in protected mode because protected "
                + "mode is enabled and no password is set for the default user.").endsWith("from the outside.\r\n");
    }
}
