package dev.cinnabar;

import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lazy initialization defers framework beans only: every Cinnabar bean is built at start-up. */
class LazyStartupTest extends ServerTest {

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void everyCinnabarBeanIsEagerAndExists() {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        List<String> cinnabarBeans = new ArrayList<>();
        for (String name : beans.getBeanDefinitionNames()) {
            Class<?> type = beans.getType(name, false);
            if (type != null && type.getName().startsWith("dev.cinnabar.")) {
                cinnabarBeans.add(name);
                assertThat(beans.getBeanDefinition(name).isLazyInit()).as(name).isFalse();
                assertThat(beans.containsSingleton(name)).as(name).isTrue();
            }
        }
        assertThat(cinnabarBeans).contains("respServer", "commandRegistry", "keyValueStore");
        assertThat(beans.getBeanDefinition("keyspaceThread").isLazyInit()).isFalse();
        assertThat(beans.containsSingleton("keyspaceThread")).isTrue();
    }

    @Test
    void frameworkBeansNotYetUsedAreLazy() {
        BeanDefinition endpointMapping = context.getBeanFactory().getBeanDefinition("webEndpointServletHandlerMapping");
        assertThat(endpointMapping.isLazyInit()).isTrue();
    }
}
