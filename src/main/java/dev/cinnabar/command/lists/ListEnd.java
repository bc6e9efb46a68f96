package dev.cinnabar.command.lists;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.store.ListValue;

import java.nio.charset.StandardCharsets;

/** An end of a list, as the LEFT and RIGHT arguments of LMOVE and LMPOP name it. */
enum ListEnd {
    LEFT("LPOP", "lpush", "lpop"),
    RIGHT("RPOP", "rpush", "rpop");

    /** The plain pop at this end, as a popping command is propagated. */
    final byte[] popCommand;
    /** The keyspace events of a push and of a pop at this end. */
    final String pushEvent;
    final String popEvent;

    ListEnd(String popCommand, String pushEvent, String popEvent) {
        this.popCommand = popCommand.getBytes(StandardCharsets.US_ASCII);
        this.pushEvent = pushEvent;
        this.popEvent = popEvent;
    }

    /** Argument {@code index} as LEFT or RIGHT in any letter case, or Redis's syntax error. */
    static ListEnd parse(CommandContext ctx, int index) {
        if (ctx.argIs(index, "left")) {
            return LEFT;
        }
        if (ctx.argIs(index, "right")) {
            return RIGHT;
        }
        throw CommandContext.syntaxError();
    }

    void push(ListValue list, byte[] element) {
        if (this == LEFT) {
            list.pushFirst(element);
        } else {
            list.pushLast(element);
        }
    }

    void pop(ListValue list, ListValue.ElementConsumer consumer) {
        if (this == LEFT) {
            list.popFirst(consumer);
        } else {
            list.popLast(consumer);
        }
    }

    byte[] pop(ListValue list) {
        return this == LEFT ? list.popFirst() : list.popLast();
    }
}
