package io.certworker.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the embedded broker of the {@code embedded-kafka} module. On the test classpath it is there already;
 * from the packaged jar it is loaded from {@code dev-broker/} beside {@code cert-worker.jar}, in a class loader of its
 * own on top of the worker's (which already has kafka-clients, Jackson and SLF4J).
 */
public final class DevBroker {
    static final String BROKER_CLASS = "io.certworker.embeddedkafka.EmbeddedKafkaCluster";
    static final String LIBRARY_DIRECTORY = "dev-broker";

    private DevBroker() {
    }

    /** Starts a single-node broker on {@code 127.0.0.1:port} keeping its data in {@code dataDirectory}. */
    public static AutoCloseable start(int port, Path dataDirectory) {
        Class<?> broker = brokerClass();
        try {
            Method start = broker.getMethod("startSingleNode", int.class, Path.class);
            return (AutoCloseable) start.invoke(null, port, dataDirectory);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("the embedded Kafka broker did not start on port " + port + ": "
                    + (cause.getMessage() == null ? cause : cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the embedded broker in " + LIBRARY_DIRECTORY + " is not usable", e);
        }
    }

    private static Class<?> brokerClass() {
        ClassLoader own = DevBroker.class.getClassLoader();
        try {
            return Class.forName(BROKER_CLASS, true, own);
        } catch (ClassNotFoundException notOnClasspath) {
            Path libraries = libraryDirectory();
            try {
                return Class.forName(BROKER_CLASS, true, new URLClassLoader("dev-broker", jars(libraries), own));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no embedded broker in " + libraries
                        + "; build the project with `mvn package` (it creates that folder)", e);
            }
        }
    }

    private static Path libraryDirectory() {
        try {
            Path jar = Path.of(DevBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path directory = jar.getParent().resolve(LIBRARY_DIRECTORY);
            if (!Files.isDirectory(directory)) {
                throw new IllegalStateException("the dev command needs the embedded broker's jars in " + directory
                        + "; build the project with `mvn package` (it creates that folder next to cert-worker.jar)");
            }
            return directory;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate cert-worker.jar", e);
        }
    }

    private static URL[] jars(Path directory) {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                urls.add(file.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return urls.toArray(URL[]::new);
    }
}
