package dev.cinnabar.command.server;

import dev.cinnabar.protocol.ReplyWriter;

/** The reply of a container's HELP subcommand, in Redis's layout: simple strings, one per line. */
final class HelpText {

    private HelpText() {
    }

    static void write(ReplyWriter reply, String container, String... lines) {
        reply.arrayHeader(lines.length + 3);
        reply.simple(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.simple(line);
        }
        reply.simple("HELP");
        reply.simple("    Prints this help.");
    }
}
