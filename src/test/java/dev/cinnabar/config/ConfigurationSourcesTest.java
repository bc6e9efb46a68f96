package dev.cinnabar.config;

import dev.cinnabar.CinnabarApplication;
import dev.cinnabar.RedisStyleArguments;
import dev.cinnabar.admin.AdminHttpPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each way of configuring the server, through a separately started application (ports 0),
 * closed after each check. A dedicated class: these contexts differ from ServerTest's.
 */
class ConfigurationSourcesTest {

    private static final String[] FREE_PORTS = {"--cinnabar.port=0", "--server.port=0"};

    private static void runWith(String[] args, Consumer<RuntimeConfig> check) {
        runWith(Map.of(), Map.of(), args, check);
    }

    private static void runWith(Map<String, Object> systemProperties, Map<String, Object> environmentVariables,
                                String[] args, Consumer<RuntimeConfig> check) {
        SpringApplication application = new SpringApplication(CinnabarApplication.class);
        StandardEnvironment env = new StandardEnvironment();
        Map<String, Object> jvmProperties = new HashMap<>(env.getSystemProperties());
        jvmProperties.putAll(systemProperties);
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, jvmProperties));
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        application.setEnvironment(env);
        String[] all = new String[args.length + FREE_PORTS.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(FREE_PORTS, 0, all, args.length, FREE_PORTS.length);
        try (ConfigurableApplicationContext context = application.run(RedisStyleArguments.translate(all))) {
            check.accept(context.getBean(RuntimeConfig.class));
        }
    }

    @Test
    void redisStyleArgumentsReachConfigGet() {
        runWith(new String[]{"--appendfsync", "always", "--save", "900", "1", "--maxmemory", "2mb",
                "--slaveof", "localhost", "6399", "--databases", "4"}, config -> {
            assertThat(config.get("appendfsync")).isEqualTo("always");
            assertThat(config.get("save")).isEqualTo("900 1");
            assertThat(config.get("maxmemory")).isEqualTo("2097152");
            assertThat(config.get("replicaof")).isEqualTo("localhost 6399");
            assertThat(config.startup().databases()).isEqualTo(4);
        });
    }

    @Test
    void equalsFormAndSpringPropertiesReachConfigGet(@TempDir Path dir) {
        runWith(new String[]{"--dir=" + dir, "--appenddirname=banana",
                "--cinnabar.appendfilename=pear.aof", "--cinnabar.hz=20"}, config -> {
            assertThat(config.dir()).isEqualTo(dir.toString());
            assertThat(config.get("appenddirname")).isEqualTo("banana");
            assertThat(config.get("appendfilename")).isEqualTo("pear.aof");
            assertThat(config.longValue("hz")).isEqualTo(20);
        });
    }

    @Test
    void systemAndEnvironmentStylePropertiesReachConfigGet() {
        runWith(Map.of("cinnabar.timeout", "30"), Map.of("CINNABAR_MAXMEMORY_POLICY", "allkeys-lru"), new String[0],
                config -> {
                    assertThat(config.get("maxmemory-policy")).isEqualTo("allkeys-lru");
                    assertThat(config.get("timeout")).isEqualTo("30");
                });
    }

    @Test
    void aYamlFileIsReadAndArgumentsOverrideIt(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("application.yml");
        Files.writeString(yaml, "cinnabar:\n  appendonly: yes\n  tcp-keepalive: 60\n  notify-keyspace-events: Ex\n");
        // The AOF this turns on is opened in the test's directory, not the project's.
        runWith(new String[]{"--spring.config.additional-location=file:" + yaml, "--tcp-keepalive", "90",
                        "--dir", dir.toString()},
                config -> {
                    assertThat(config.get("appendonly")).isEqualTo("yes");
                    assertThat(config.get("notify-keyspace-events")).isEqualTo("xE");
                    assertThat(config.get("tcp-keepalive")).isEqualTo("90");
                });
    }

    @Test
    void aManagementPortIsTheOnlyHttpPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SpringApplication application = new SpringApplication(CinnabarApplication.class);
        try (ConfigurableApplicationContext context = application.run(
                RedisStyleArguments.translate(new String[]{"--port", "0", "--management.server.port=" + port}))) {
            assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isEqualTo(port);
            assertThat(context.getEnvironment().getProperty("local.management.port")).isEqualTo(String.valueOf(port));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aManagementPortOfZeroOpensOneFreeHttpPort() throws Exception {
        SpringApplication application = new SpringApplication(CinnabarApplication.class);
        try (ConfigurableApplicationContext context = application.run("--cinnabar.port=0",
                "--management.server.port=0")) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            assertThat(port).isPositive();
            assertThat(context.getEnvironment().getProperty("local.management.port")).isEqualTo(String.valueOf(port));
            assertThat(context.getBean(AdminHttpPort.class).port()).isEqualTo(port);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTakenAdminPortSetInTheEnvironmentStopsStartUpInsteadOfMoving() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> runWith(Map.of(), Map.of("MANAGEMENT_SERVER_PORT", Integer.toString(port)),
                    new String[0], config -> {
                    })).hasStackTraceContaining("Port " + port + " is already in use");
        }
    }

    @Test
    void anUnknownOptionMakesTheProcessExitWithStatus1() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CinnabarApplication.class.getName(), "--nosuch", "1")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(1);
        assertThat(output).contains(">>> 'nosuch \"1\"'", "Bad directive or wrong number of arguments");
    }

    @Test
    void anInvalidValueInAPropertyStopsStartUp() {
        assertThatThrownBy(() -> runWith(new String[]{"--cinnabar.maxmemory-policy=sometimes"}, config -> {
        })).hasStackTraceContaining("Invalid value 'sometimes' for cinnabar.maxmemory-policy: argument(s) must be one of "
                + "the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                + "allkeys-random, noeviction");
    }

    @Test
    void theProjectApplicationYmlDocumentsEveryParameterWithItsDefault() throws Exception {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("application.yml", new FileSystemResource("application.yml"));
        Map<String, String> documented = new HashMap<>();
        for (PropertySource<?> source : sources) {
            for (String name : ((org.springframework.core.env.EnumerablePropertySource<?>) source).getPropertyNames()) {
                Object value = source.getProperty(name);
                documented.merge(name.replaceAll("\\[\\d+]$", ""), yesNo(String.valueOf(value)),
                        (first, next) -> first + " " + next);
            }
        }
        for (ConfigParameter parameter : ConfigParameters.all()) {
            assertThat(documented).as(parameter.property())
                    .containsEntry(parameter.property(), parameter.defaultValue());
        }
        assertThat(documented).hasSize(ConfigParameters.all().size());
    }

    private static String yesNo(String value) {
        return switch (value) {
            case "true" -> "yes";
            case "false" -> "no";
            default -> value;
        };
    }
}
