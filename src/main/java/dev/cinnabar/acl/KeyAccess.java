package dev.cinnabar.acl;

import dev.cinnabar.command.CommandFlag;
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
 * metadata with one role; the commands below have several roles or movable keys.
 */
final class KeyAccess {

    private static final int READ_WRITE = READ | WRITE;

    private KeyAccess() {
    }

    /** The position of the first key the selector does not grant, or -1. */
    static int firstDeniedKey(CommandSpec spec, CommandArgs args, Selector selector) {
        int argc = args.count();
        return switch (spec.fullName()) {
            case "lmove", "blmove", "rpoplpush", "brpoplpush", "smove", "rename", "renamenx" ->
                    firstDenied(args, selector, 1, 1, READ_WRITE, 2, 2, WRITE);
            case "copy" -> firstDenied(args, selector, 1, 1, READ, 2, 2, WRITE);
            case "geosearchstore", "zrangestore" -> firstDenied(args, selector, 1, 1, WRITE, 2, 2, READ);
            case "sdiffstore", "sinterstore", "sunionstore" ->
                    firstDenied(args, selector, 1, 1, WRITE, 2, argc - 1, READ);
            case "incr", "incrby", "incrbyfloat", "decr", "decrby", "getdel", "getex", "getset" ->
                    deniedIn(args, selector, 1, 1, 1, READ_WRITE);
            case "strlen" -> deniedIn(args, selector, 1, 1, 1, 0);
            case "set" -> deniedIn(args, selector, 1, 1, 1, hasWord(args, 3, "get") ? READ_WRITE : WRITE);
            case "zunionstore", "zinterstore", "zdiffstore" -> {
                int denied = deniedIn(args, selector, 1, 1, 1, WRITE);
                yield denied >= 0 ? denied : deniedByCount(args, selector, 2, READ);
            }
            case "zunion", "zinter", "zdiff", "zintercard", "sintercard" -> deniedByCount(args, selector, 1, READ);
            case "lmpop", "zmpop" -> deniedByCount(args, selector, 1, READ_WRITE);
            case "blmpop", "bzmpop" -> deniedByCount(args, selector, 2, READ_WRITE);
            case "georadius" -> deniedGeoRadius(args, selector, 6);
            case "georadiusbymember" -> deniedGeoRadius(args, selector, 5);
            case "xread" -> deniedStreams(args, selector, 1);
            case "xreadgroup" -> deniedStreams(args, selector, 4);
            default -> deniedInRange(spec, args, selector);
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
    static int firstDeniedChannel(CommandSpec spec, CommandArgs args, Selector selector) {
        return switch (spec.fullName()) {
            case "publish", "spublish" -> deniedChannels(args, selector, 1, 1, false);
            case "subscribe", "ssubscribe" -> deniedChannels(args, selector, 1, args.count() - 1, false);
            case "psubscribe" -> deniedChannels(args, selector, 1, args.count() - 1, true);
            default -> -1;
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
