package io.certworker.runtime;

import io.certworker.config.WorkerConfig;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.atlas.AtlasCredentials;
import io.certworker.issuance.atlas.AtlasIssuer;
import io.certworker.issuance.atlas.AtlasSettings;
import io.certworker.issuance.atlas.RetryPolicy;
import io.certworker.issuance.ca.CryptoProviders;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.IssuingCas;
import io.certworker.issuance.ca.KeyPool;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import io.certworker.kafka.KafkaClients;
import io.certworker.metrics.AtlasMetrics;
import io.certworker.metrics.CaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The one place where configuration chooses the issuer, by {@link io.certworker.config.IssuerKind}: each kind's
 * minter, built from the configuration, behind the journal-before-mint protocol, with its metrics bound.
 */
public final class IssuerFactory {
    private final WorkerConfig config;
    /** Clients of the CA store (ca.store=kafka). */
    private final KafkaClients clients;
    private final MeterRegistry registry;
    private final Resources resources;
    private final Clock clock;

    IssuerFactory(WorkerConfig config, KafkaClients clients, MeterRegistry registry, Resources resources,
                  Clock clock) {
        this.config = config;
        this.clients = clients;
        this.registry = registry;
        this.resources = resources;
        this.clock = clock;
    }

    /**
     * An issuer, whether it can issue now (false while a PKCS#11 token holding the CA keys is away), and the project
     * CAs that sign its CRLs and OCSP answers (only the internal CA has them).
     */
    record Made(Issuer issuer, BooleanSupplier healthy, Optional<IssuingCas> issuingCas) {
    }

    /**
     * The configured issuer, journaling each draft in {@code journal}; keys and signatures by {@code providers}, slow
     * work on {@code crypto}.
     */
    Made create(MintJournal journal, CryptoProviders providers, ExecutorService crypto)
            throws InterruptedException, TimeoutException {
        return switch (config.issuer()) {
            case INTERNAL_CA -> internalCa(journal, providers, crypto);
            case ATLAS -> new Made(atlas(journal), () -> true, Optional.empty());
        };
    }

    private Made internalCa(MintJournal journal, CryptoProviders providers, ExecutorService crypto)
            throws InterruptedException, TimeoutException {
        CaMetrics metrics = resources.add(new CaMetrics());
        KeyPool pool = resources.add(KeyPool.of(config.subjectKeyAlgorithm(), config.keyPoolSize(), metrics,
                providers));
        if (config.keyPoolSize() > 0) {
            metrics.watching(pool, config.subjectKeyAlgorithm());
        }
        metrics.bindTo(registry);
        GroupCaStore store = config.caStoreInKafka()
                ? GroupCaStore.inKafka(clients::readerConsumer, clients.producer(),
                        config.topicNames().caStore(), config.keyEncryptionKey(), config.directoryStartupTimeout(),
                        clock)
                : GroupCaStore.onDisk(config.caDirectory().resolve("groups"));
        if (store instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        Pkcs11Token token = config.caKeysInToken() ? resources.add(Pkcs11Token.open(config.pkcs11Settings())) : null;
        InternalCaIssuer minter = InternalCaIssuer.minter(config.caSettings(), config.rootCaSource(), store,
                config.signatureLog(), metrics, pool, providers, token, config.keyEncryptionKey().derive("csr serials"),
                crypto, clock);
        return new Made(new JournaledIssuer<>(minter, journal), minter::isHealthy,
                Optional.of(minter.issuingCas()));
    }

    private Issuer atlas(MintJournal journal) {
        AtlasMetrics metrics = resources.add(new AtlasMetrics());
        metrics.bindTo(registry);
        AtlasIssuer atlas = resources.add(new AtlasIssuer(atlasSettings(config), metrics, clock));
        return new JournaledIssuer<>(atlas, journal);
    }

    /** How to reach Atlas, from a worker's configuration (which has checked the credentials). */
    public static AtlasSettings atlasSettings(WorkerConfig config) {
        AtlasCredentials credentials = config.atlasClientId().isPresent()
                ? new AtlasCredentials.ServiceAccount(config.atlasClientId().get(),
                        config.atlasClientSecret().orElseThrow())
                : new AtlasCredentials.ApiKey(config.atlasPublicKey().orElseThrow(),
                        config.atlasPrivateKey().orElseThrow());
        return new AtlasSettings(config.atlasBaseUri(), credentials, config.atlasApiVersion(),
                config.atlasConnectTimeout(), config.atlasRequestTimeout(),
                new RetryPolicy(config.atlasRetryMaxAttempts(), config.atlasRetryInitialBackoff(),
                        config.atlasRetryMaxBackoff(), config.atlasRetryBudget()),
                config.atlasRateLimitCapacity(), config.atlasRateLimitRefillPerMinute(), config.atlasMaxConnections());
    }
}
