package dev.cinnabar.command;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Spring bean holding one family of commands ({@link RedisCommand} methods), like one of
 * Redis's {@code t_*.c} files. The group is Redis's command group name ({@code string},
 * {@code generic}, {@code server}, {@code connection}, ...), shown by COMMAND DOCS.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface CommandFamily {

    @AliasFor("group")
    String value() default "";

    @AliasFor("value")
    String group() default "";
}
