package dev.cinnabar;

import io.netty.util.ResourceLeakDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Cinnabar; Redis-style arguments ({@code --port 6380}) are accepted beside Spring's. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CinnabarApplication {

    public static void main(String[] args) {
        String[] springArgs;
        try {
            springArgs = RedisStyleArguments.translate(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Leak tracking samples buffer allocations with stack traces: the tests keep it, a
            // running server does not pay for it unless asked (-Dio.netty.leakDetection.level).
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        try {
            SpringApplication.run(CinnabarApplication.class, springArgs);
        } catch (SpringApplication.AbandonedRunException buildTimeProcessing) {
            throw buildTimeProcessing;
        } catch (RuntimeException reportedAlready) {
            // Exit at once with a failure status, whatever threads the failed start-up left running.
            System.exit(1);
        }
    }
}
