package dev.cinnabar.command;

/** A command's implementation, bound once to its {@link RedisCommand} method. */
@FunctionalInterface
public interface CommandHandler {

    void execute(CommandContext context);
}
