package dev.cinnabar.acl;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Users defined in the configuration, each as redis.conf's {@code user} directive takes it:
 * {@code cinnabar.acl.users[0]=alice on >secret ~app:* +@read}. The command line's
 * {@code --user "alice on >secret ~app:* +@read"} sets the same list.
 */
@ConfigurationProperties("cinnabar.acl")
public record AclProperties(List<String> users) {

    public AclProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
