package dev.cinnabar;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.core.type.MethodMetadata;
import org.springframework.stereotype.Component;

/**
 * Start-up runs with {@code spring.main.lazy-initialization} so that framework beans nobody
 * asked for yet (web MVC, Actuator endpoints) are built on first use instead of before the
 * RESP port opens. Every bean Cinnabar itself defines stays eager: the server's components
 * act from their constructors and lifecycle callbacks (timers, files, replication links),
 * and configuration errors must stop the start-up rather than surface on first use.
 */
@Component
class EagerServerBeans implements LazyInitializationExcludeFilter {

    private static final String OWN_PACKAGE = CinnabarApplication.class.getPackageName() + ".";

    @Override
    public boolean isExcluded(String beanName, BeanDefinition definition, Class<?> beanType) {
        if (beanType != null && beanType.getName().startsWith(OWN_PACKAGE)) {
            return true;
        }
        return ownFactoryMethod(definition);
    }

    /** A {@code @Bean} method of ours, read from the configuration class or from AOT-generated code. */
    private static boolean ownFactoryMethod(BeanDefinition definition) {
        if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
            MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
            return factoryMethod.getDeclaringClassName().startsWith(OWN_PACKAGE);
        }
        if (definition instanceof RootBeanDefinition root && root.getResolvedFactoryMethod() != null) {
            return root.getResolvedFactoryMethod().getDeclaringClass().getName().startsWith(OWN_PACKAGE);
        }
        return false;
    }
}
