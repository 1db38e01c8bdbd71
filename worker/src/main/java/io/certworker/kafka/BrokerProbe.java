package io.certworker.kafka;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks, before any real work, whether Kafka is there and set up, so that a wrong address or a missing topic is one
 * line naming it, not a minute of client retries and warnings followed by a timeout deep in a stack trace.
 *
 * <p>First a plain TCP connection to each bootstrap address (no Kafka client yet, so nothing logs while nothing
 * listens), retried until the deadline; then one admin call that must be answered as Kafka answers, which also
 * proves the TLS and SASL settings; then, if asked, that the topics exist.
 */
public final class BrokerProbe {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    /** Kafka's own default of {@code default.api.timeout.ms}. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    private static final Duration CONNECT_ATTEMPT = Duration.ofSeconds(3);

    private BrokerProbe() {
    }

    /** {@link #check(Map, Duration, Collection)} within the clients' {@code default.api.timeout.ms} (60 s). */
    public static void check(Map<String, Object> clientProperties, Collection<String> topics) {
        Object configured = clientProperties.get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        check(clientProperties, configured == null ? DEFAULT_TIMEOUT
                : Duration.ofMillis(Long.parseLong(configured.toString().trim())), topics);
    }

    /**
     * Returns once a broker at {@code bootstrap.servers} has answered and every one of {@code topics} exists.
     *
     * @throws BrokerUnreachableException when no broker answered within {@code timeout}
     * @throws MissingTopicsException     when a topic does not exist or may not be described
     * @throws ConfigException            when {@code bootstrap.servers} is malformed or the broker refuses this
     *                                    client's credentials
     */
    public static void check(Map<String, Object> clientProperties, Duration timeout, Collection<String> topics) {
        String bootstrap = String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitConnection(bootstrap, addresses(bootstrap), timeout, deadline);
        Map<String, Object> properties = new HashMap<>(clientProperties);
        int remainingMillis = (int) Math.max(1, remaining(deadline).toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, remainingMillis);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, remainingMillis);
        try (Admin admin = Admin.create(properties)) {
            try {
                admin.describeCluster().nodes().get(remainingMillis, TimeUnit.MILLISECONDS);
                LOG.debug("Kafka at {} answered {} ms after the probe started", bootstrap,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deadline + timeout.toNanos()));
            } catch (ExecutionException e) {
                throw answerOf(bootstrap, e.getCause(), timeout);
            } catch (TimeoutException e) {
                throw notAnswering(bootstrap, timeout);
            }
            if (!topics.isEmpty()) {
                requireTopics(admin, bootstrap, topics, deadline, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted while connecting to Kafka at " + bootstrap);
        }
    }

    private static void requireTopics(Admin admin, String bootstrap, Collection<String> topics, long deadline,
                                      Duration timeout) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> descriptions =
                admin.describeTopics(List.copyOf(topics)).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : descriptions.entrySet()) {
            try {
                topic.getValue().get(Math.max(1, remaining(deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic.getKey());
                } else if (e.getCause() instanceof AuthorizationException) {
                    hidden.add(topic.getKey());
                } else {
                    throw answerOf(bootstrap, e.getCause(), timeout);
                }
            } catch (TimeoutException e) {
                throw notAnswering(bootstrap, timeout);
            }
        }
        if (!hidden.isEmpty()) {
            throw new MissingTopicsException("Kafka at " + bootstrap + " does not let this client describe the topic"
                    + (hidden.size() > 1 ? "s " : " ") + String.join(", ", hidden) + " (ACLs).", hidden);
        }
        if (!missing.isEmpty()) {
            throw missing(bootstrap, missing);
        }
    }

    private static MissingTopicsException missing(String bootstrap, List<String> missing) {
        return new MissingTopicsException("The topic" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                + (missing.size() > 1 ? " do" : " does") + " not exist on " + bootstrap + ": create "
                + (missing.size() > 1 ? "them" : "it") + " (see the README) or start a worker with "
                + "topics.create=true (dev does).", missing);
    }

    /**
     * Returns once a TCP connection to one of the bootstrap addresses succeeds: no Kafka client is made, so nothing
     * logs while nothing listens.
     *
     * @throws BrokerUnreachableException when none accepts a connection within {@code timeout}
     * @throws ConfigException            when {@code bootstrap.servers} is malformed
     */
    public static void awaitConnection(Map<String, Object> clientProperties, Duration timeout) {
        String bootstrap = String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        awaitConnection(bootstrap, addresses(bootstrap), timeout, System.nanoTime() + timeout.toNanos());
    }

    /**
     * Checks with a consumer the caller has anyway (cheaper than an admin client for a short-lived command) that
     * Kafka answers and every one of {@code topics} exists. Asking for the list of topics never creates one.
     *
     * @throws BrokerUnreachableException when Kafka does not answer within {@code timeout}
     * @throws MissingTopicsException     when a topic does not exist (or this client may not see it)
     */
    public static void requireTopics(Consumer<?, ?> consumer, String bootstrap, Collection<String> topics,
                                     Duration timeout) {
        Set<String> existing;
        try {
            existing = consumer.listTopics(timeout).keySet();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw notAnswering(bootstrap, timeout);
        }
        List<String> missing = topics.stream().filter(topic -> !existing.contains(topic)).distinct().toList();
        if (!missing.isEmpty()) {
            throw missing(bootstrap, missing);
        }
    }

    /** Connects to each address in turn until one accepts, or the deadline passes. */
    private static void awaitConnection(String bootstrap, List<InetSocketAddress> addresses, Duration timeout,
                                        long deadline) {
        Map<InetSocketAddress, String> failures = new LinkedHashMap<>();
        boolean told = false;
        while (true) {
            for (InetSocketAddress address : addresses) {
                String failure = connect(address, deadline);
                if (failure == null) {
                    return;
                }
                failures.put(address, failure);
            }
            if (!told) {
                LOG.info("Kafka at {} is not reachable yet ({}); trying for up to {} s", bootstrap,
                        failures.values().iterator().next(), timeout.toSeconds());
                told = true;
            }
            if (remaining(deadline).compareTo(RETRY_PAUSE) < 0) {
                break;
            }
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> reasons = new ArrayList<>(new LinkedHashSet<>(failures.values()));
        throw new BrokerUnreachableException("Kafka is not reachable at " + bootstrap + " (" + String.join("; ", reasons)
                + ") within " + seconds(timeout) + "; is it running, and is bootstrap.servers right?");
    }

    /** Null when a TCP connection was made, else why not. */
    private static String connect(InetSocketAddress unresolved, long deadline) {
        InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (address.isUnresolved()) {
            return "unknown host " + unresolved.getHostString();
        }
        long attempt = Math.max(1, Math.min(CONNECT_ATTEMPT.toMillis(), remaining(deadline).toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) attempt);
            return null;
        } catch (ConnectException e) {
            return "connection refused";
        } catch (SocketTimeoutException e) {
            return "no answer to connect";
        } catch (UnknownHostException e) {
            return "unknown host " + unresolved.getHostString();
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** {@code host:port[,host:port...]}, hosts not resolved yet ({@code [::1]:9092} for IPv6). */
    static List<InetSocketAddress> addresses(String bootstrap) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String entry : bootstrap.split(",")) {
            String address = entry.trim();
            if (address.isEmpty()) {
                continue;
            }
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        "expected host:port[,host:port...]");
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (addresses.isEmpty()) {
            throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    "expected host:port[,host:port...]");
        }
        return addresses;
    }

    private static RuntimeException answerOf(String bootstrap, Throwable cause, Duration timeout) {
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            return new ConfigException("Kafka at " + bootstrap + " refused this client: " + cause.getMessage());
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return notAnswering(bootstrap, timeout);
        }
        return new BrokerUnreachableException("Kafka at " + bootstrap + " answered with an error: " + cause);
    }

    private static BrokerUnreachableException notAnswering(String bootstrap, Duration timeout) {
        return new BrokerUnreachableException("Kafka at " + bootstrap + " accepts connections but did not answer "
                + "within " + seconds(timeout) + " (too slow, not Kafka, or kafka.security.protocol and the TLS/SASL "
                + "settings do not match its listener).");
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
