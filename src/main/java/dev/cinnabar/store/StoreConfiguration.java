package dev.cinnabar.store;

import dev.cinnabar.config.CinnabarProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The keyspace beans. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean
    public KeyValueStore keyValueStore(CinnabarProperties properties) {
        return new KeyValueStore(properties.databases(), KeyspaceClock.SYSTEM);
    }
}
