package dev.cinnabar.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a {@link CommandFamily} bean, the documentation Redis gives a container
 * command (MEMORY, CONFIG, ...) whose subcommands the bean holds. Without it a container
 * gets a generic summary.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(CommandContainer.List.class)
public @interface CommandContainer {

    /** Lower-case name of the container. */
    String name();

    String summary();

    String since();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        CommandContainer[] value();
    }
}
