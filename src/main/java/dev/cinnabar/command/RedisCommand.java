package dev.cinnabar.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link CommandFamily} bean as the handler of one Redis command, with
 * the metadata Redis publishes in COMMAND INFO. The method takes a {@link CommandContext}
 * and returns nothing; it writes its reply through {@link CommandContext#reply()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RedisCommand {

    /** Lower-case name; a subcommand is written {@code container|sub}, e.g. {@code config|get}. */
    String name();

    /** Argument count including the name; negative means "at least". */
    int arity();

    CommandFlag[] flags() default {};

    /** Position of the first key argument, 0 if the command takes no keys. */
    int firstKey() default 0;

    /** Position of the last key argument; -1 means the last argument. */
    int lastKey() default 0;

    /** Step between key arguments. */
    int keyStep() default 0;

    /** ACL categories beyond those the flags and the family's group imply, without '@'. */
    String[] categories() default {};

    /** COMMAND INFO's tips, e.g. {@code nondeterministic_output}, {@code request_policy:all_shards}. */
    String[] tips() default {};

    /** Flags of the key specification COMMAND INFO shows ({@code RO}, {@code RW}, {@code access}, ...). */
    String[] keySpecFlags() default {};

    String summary() default "";

    String since() default "1.0.0";

    String complexity() default "";
}
