package dev.cinnabar.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Supplies the default of every {@code cinnabar.*} property from {@link ConfigParameters},
 * below every other property source, so the table is the only place defaults are written.
 */
public class ConfigParameterDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "cinnabarParameterDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (ConfigParameter parameter : ConfigParameters.all()) {
            defaults.put(parameter.property(), parameter.propertyValue(parameter.defaultValue()));
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
