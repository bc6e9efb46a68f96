package dev.cinnabar.acl;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Redis's protected mode: while it is on and the default user has no password, a client from
 * anywhere but the loopback interface gets {@link #DENIED} and is disconnected.
 */
public final class ProtectedMode {

    /** Redis 7.0's message, typo included, so that tools recognising it keep doing so. */
    public static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of the "
            + "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' "
            + "from the loopback interface by connecting to Redis from the same host the server is running, however "
            + "MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis "
            + "configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
            + "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of "
            + "the above things in order for the server to start accepting connections from the outside.\r\n";

    private ProtectedMode() {
    }

    /** True if a client from {@code peer} must be turned away. */
    public static boolean refuses(boolean protectedMode, boolean defaultUserWithoutPassword, SocketAddress peer) {
        if (!protectedMode || !defaultUserWithoutPassword) {
            return false;
        }
        // Unix sockets and addresses without an IP are local.
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                && !inet.getAddress().isLoopbackAddress();
    }
}
