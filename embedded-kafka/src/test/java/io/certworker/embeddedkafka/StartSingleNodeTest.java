package io.certworker.embeddedkafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loads this module and the broker through an isolated class loader, as a program that keeps the
 * broker off its own class path would, and drives it only through {@code java.*} types.
 */
class StartSingleNodeTest {

    @Test
    void startSingleNodeThroughAnIsolatedClassLoaderReturnsACloseableBroker(@TempDir Path dataDir)
            throws Exception {
        int port = freePort();
        try (URLClassLoader isolated = new URLClassLoader(classPathUrls(), ClassLoader.getPlatformClassLoader())) {
            Class<?> type = isolated.loadClass(EmbeddedKafkaCluster.class.getName());
            assertThat(type).isNotSameAs(EmbeddedKafkaCluster.class);
            Method start = type.getMethod("startSingleNode", int.class, Path.class);

            long t0 = System.nanoTime();
            AutoCloseable broker = (AutoCloseable) start.invoke(null, port, dataDir);
            System.out.printf("[timing] startSingleNode (isolated class loader) ready in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            try {
                Clients.createTopic("127.0.0.1:" + port, "isolated", 1, 1);
                Clients.produceTransactionally("127.0.0.1:" + port, "isolated", "x");
                assertThat(Clients.consumeCommitted("127.0.0.1:" + port, "isolated", 1)).containsExactly("x");
            } finally {
                broker.close();
            }
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
                .as("nothing listens on the port after close")
                .isInstanceOf(ConnectException.class);
    }

    private static URL[] classPathUrls() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
