package dev.cinnabar.acl;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.protocol.CommandArgs;

import java.util.Locale;

import static dev.cinnabar.acl.Selector.READ;
import static dev.cinnabar.acl.Selector.WRITE;

/**
 * Which arguments of a command are keys and channels, and whether each key is read, written
 * or both, as Redis's key specifications say: a key spec flagged {@code access} needs read
 * permission, one flagged {@code insert}, {@code delete} or {@code update} needs write
 * permission. Most commands take their keys from the (first, last, step) range of their
 * metadata with one role; the commands below have several roles or movable keys. Each
 * command's way is looked up once at start-up, so a check costs no string comparison.
 */
final class KeyAccess {

    private static final int READ_WRITE = READ | WRITE;

    /** How a command's keys are found, chosen once per command at start-up. */
    private enum Keys {
        RANGE, MOVE, COPY, STORE_FROM_ONE, STORE_FROM_MANY, READ_WRITE_ONE, NO_ROLE_ONE, SET, STORE_FROM_COUNTED,
        COUNTED_AT_1, POP_COUNTED_AT_1, POP_COUNTED_AT_2, GEORADIUS, GEORADIUSBYMEMBER, XREAD, XREADGROUP;

        static Keys of(String command) {
            return switch (command) {
                case "lmove", "blmove", "rpoplpush", "brpoplpush", "smove", "rename", "renamenx" -> MOVE;
                case "copy" -> COPY;
                case "geosearchstore", "zrangestore" -> STORE_FROM_ONE;
                case "sdiffstore", "sinterstore", "sunionstore" -> STORE_FROM_MANY;
                case "incr", "incrby", "incrbyfloat", "decr", "decrby", "getdel", "getex", "getset" -> READ_WRITE_ONE;
                case "strlen" -> NO_ROLE_ONE;
                case "set" -> SET;
                case "zunionstore", "zinterstore", "zdiffstore" -> STORE_FROM_COUNTED;
                case "zunion", "zinter", "zdiff", "zintercard", "sintercard" -> COUNTED_AT_1;
                case "lmpop", "zmpop" -> POP_COUNTED_AT_1;
                case "blmpop", "bzmpop" -> POP_COUNTED_AT_2;
                case "georadius" -> GEORADIUS;
                case "georadiusbymember" -> GEORADIUSBYMEMBER;
                case "xread" -> XREAD;
                case "xreadgroup" -> XREADGROUP;
                default -> RANGE;
            };
        }
    }

    /** Which arguments are channels: none, the first, all, or all as PSUBSCRIBE patterns. */
    private enum Channels {
        NONE, FIRST, ALL, ALL_PATTERNS;

        static Channels of(String command) {
            return switch (command) {
                case "publish", "spublish" -> FIRST;
                case "subscribe", "ssubscribe" -> ALL;
                case "psubscribe" -> ALL_PATTERNS;
                default -> NONE;
            };
        }
    }

    private final Keys[] keys;
    private final Channels[] channels;

    KeyAccess(CommandRegistry registry) {
        keys = new Keys[registry.aclIdCount()];
        channels = new Channels[registry.aclIdCount()];
        for (int id = 0; id < keys.length; id++) {
            keys[id] = Keys.of(registry.byAclId(id).fullName());
            channels[id] = Channels.of(registry.byAclId(id).fullName());
        }
    }

    /** The position of the first key the selector does not grant, or -1. */
    int firstDeniedKey(CommandSpec spec, CommandArgs args, Selector selector) {
        int argc = args.count();
        return switch (keys[spec.aclId()]) {
            case RANGE -> deniedInRange(spec, args, selector);
            case MOVE -> firstDenied(args, selector, 1, 1, READ_WRITE, 2, 2, WRITE);
            case COPY -> firstDenied(args, selector, 1, 1, READ, 2, 2, WRITE);
            case STORE_FROM_ONE -> firstDenied(args, selector, 1, 1, WRITE, 2, 2, READ);
            case STORE_FROM_MANY -> firstDenied(args, selector, 1, 1, WRITE, 2, argc - 1, READ);
            case READ_WRITE_ONE -> deniedIn(args, selector, 1, 1, 1, READ_WRITE);
            case NO_ROLE_ONE -> deniedIn(args, selector, 1, 1, 1, 0);
            case SET -> deniedIn(args, selector, 1, 1, 1, hasWord(args, 3, "get") ? READ_WRITE : WRITE);
            case STORE_FROM_COUNTED -> {
                int denied = deniedIn(args, selector, 1, 1, 1, WRITE);
                yield denied >= 0 ? denied : deniedByCount(args, selector, 2, READ);
            }
            case COUNTED_AT_1 -> deniedByCount(args, selector, 1, READ);
            case POP_COUNTED_AT_1 -> deniedByCount(args, selector, 1, READ_WRITE);
            case POP_COUNTED_AT_2 -> deniedByCount(args, selector, 2, READ_WRITE);
            case GEORADIUS -> deniedGeoRadius(args, selector, 6);
            case GEORADIUSBYMEMBER -> deniedGeoRadius(args, selector, 5);
            case XREAD -> deniedStreams(args, selector, 1);
            case XREADGROUP -> deniedStreams(args, selector, 4);
        };
    }

    private static int deniedInRange(CommandSpec spec, CommandArgs args, Selector selector) {
        if (spec.firstKey() <= 0) {
            return -1;
        }
        int last = spec.lastKey() < 0 ? args.count() + spec.lastKey() : spec.lastKey();
        return deniedIn(args, selector, spec.firstKey(), last, Math.max(1, spec.keyStep()), rolesOf(spec));
    }

    /** The roles of a command's keys: from its declared key-spec flags, else from its write/readonly flag. */
    static int rolesOf(CommandSpec spec) {
        if (spec.keySpecFlags().isEmpty()) {
            return spec.hasFlag(CommandFlag.WRITE) ? WRITE : READ;
        }
        int roles = 0;
        for (String flag : spec.keySpecFlags()) {
            switch (flag.toLowerCase(Locale.ROOT)) {
                case "access" -> roles |= READ;
                case "insert", "delete", "update" -> roles |= WRITE;
                default -> {
                }
            }
        }
        return roles;
    }

    private static int firstDenied(CommandArgs args, Selector selector, int from1, int to1, int roles1,
                                   int from2, int to2, int roles2) {
        int denied = deniedIn(args, selector, from1, to1, 1, roles1);
        return denied >= 0 ? denied : deniedIn(args, selector, from2, to2, 1, roles2);
    }

    private static int deniedIn(CommandArgs args, Selector selector, int from, int to, int step, int roles) {
        for (int i = from; i <= to && i < args.count(); i += step) {
            if (!selector.keyAllowed(args.get(i), roles)) {
                return i;
            }
        }
        return -1;
    }

    /** Keys counted by a numkeys argument at {@code countAt}, right after it. */
    private static int deniedByCount(CommandArgs args, Selector selector, int countAt, int roles) {
        if (countAt >= args.count()) {
            return -1;
        }
        Long count = Numbers.parseLong(args.get(countAt));
        if (count == null || count <= 0 || count > args.count() - countAt - 1) {
            return -1;
        }
        return deniedIn(args, selector, countAt + 1, countAt + count.intValue(), 1, roles);
    }

    /** GEORADIUS reads its key and writes the key after STORE or STOREDIST. */
    private static int deniedGeoRadius(CommandArgs args, Selector selector, int optionsFrom) {
        int denied = deniedIn(args, selector, 1, 1, 1, READ);
        if (denied >= 0) {
            return denied;
        }
        for (int i = optionsFrom; i + 1 < args.count(); i++) {
            if (args.is(i, "store") || args.is(i, "storedist")) {
                denied = deniedIn(args, selector, i + 1, i + 1, 1, WRITE);
                if (denied >= 0) {
                    return denied;
                }
            }
        }
        return -1;
    }

    /** XREAD and XREADGROUP read the first half of the arguments after STREAMS. */
    private static int deniedStreams(CommandArgs args, Selector selector, int searchFrom) {
        for (int i = searchFrom; i < args.count(); i++) {
            if (args.is(i, "streams")) {
                int remaining = args.count() - i - 1;
                if (remaining == 0 || remaining % 2 != 0) {
                    return -1;
                }
                return deniedIn(args, selector, i + 1, i + remaining / 2, 1, READ);
            }
        }
        return -1;
    }

    private static boolean hasWord(CommandArgs args, int from, String word) {
        for (int i = from; i < args.count(); i++) {
            if (args.is(i, word)) {
                return true;
            }
        }
        return false;
    }

    /** The position of the first channel (or PSUBSCRIBE pattern) the selector does not grant, or -1. */
    int firstDeniedChannel(CommandSpec spec, CommandArgs args, Selector selector) {
        return switch (channels[spec.aclId()]) {
            case NONE -> -1;
            case FIRST -> deniedChannels(args, selector, 1, 1, false);
            case ALL -> deniedChannels(args, selector, 1, args.count() - 1, false);
            case ALL_PATTERNS -> deniedChannels(args, selector, 1, args.count() - 1, true);
        };
    }

    private static int deniedChannels(CommandArgs args, Selector selector, int from, int to, boolean patterns) {
        for (int i = from; i <= to && i < args.count(); i++) {
            if (!selector.channelAllowed(args.get(i), patterns)) {
                return i;
            }
        }
        return -1;
    }
}
