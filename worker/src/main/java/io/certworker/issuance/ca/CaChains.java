package io.certworker.issuance.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The CA chain a project's certificates are issued under (its issuing CA, then the root and the root's own chain),
 * as PEM, exactly as every issued event's {@code caCertificatePem} holds it: for {@code openssl verify} and mongod's
 * {@code net.tls.CAFile}. Read from where the worker keeps its CAs, certificates only: no private key is ever read.
 */
public final class CaChains {
    private final String rootChainPem;
    private final X509CertificateHolder root;

    private CaChains(List<X509CertificateHolder> rootChain) {
        this.root = rootChain.get(0);
        StringBuilder pem = new StringBuilder();
        rootChain.forEach(certificate -> pem.append(Pem.certificate(certificate)));
        this.rootChainPem = pem.toString();
    }

    /**
     * Under the root of {@code source}: the certificate file of {@link RootCaSource.PemFiles} (its key file is not
     * read), the chain of {@link RootCaSource.Pkcs12}'s key entry, or the {@code ca.pem} of a generated root.
     *
     * @return empty when a generated root does not exist yet
     * @throws IllegalArgumentException when the root's certificate cannot be read
     */
    public static Optional<CaChains> under(RootCaSource source) {
        if (source instanceof RootCaSource.PemFiles files) {
            return Optional.of(new CaChains(certificatesIn(files.certificateFile())));
        }
        if (source instanceof RootCaSource.Pkcs12 keystore) {
            return Optional.of(new CaChains(chainIn(keystore)));
        }
        Path generated = ((RootCaSource.GeneratedIn) source).directory().resolve(PemFiles.CA_CERTIFICATE);
        return Files.isRegularFile(generated) ? Optional.of(new CaChains(certificatesIn(generated)))
                : Optional.empty();
    }

    /**
     * Under the root whose certificate (then, optionally, its own chain) is in {@code certificateFile}.
     *
     * @throws IllegalArgumentException when the file holds no certificate
     */
    public static CaChains underRootIn(Path certificateFile) {
        return new CaChains(certificatesIn(certificateFile));
    }

    /** The chain of the project's CA kept on disk ({@code ca.store=file}), or empty when it has none yet. */
    public Optional<String> ofProjectOnDisk(Path groupsDirectory, String groupId) {
        Path certificate = groupsDirectory.resolve(groupId).resolve(PemFiles.CA_CERTIFICATE);
        if (!Files.isRegularFile(certificate)) {
            return Optional.empty();
        }
        return Optional.of(chainOf(groupId, certificatesIn(certificate).get(0)));
    }

    /**
     * The chain of the project's CA kept in Kafka ({@code ca.store=kafka}): the first record of the project in the
     * one-partition topic wins, as for the worker. Empty when the project has none yet.
     */
    public Optional<String> ofProjectInKafka(Consumer<byte[], byte[]> consumer, String topic, String groupId,
                                             Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition, timeout) < ends.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout.toSeconds()
                        + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue;
                }
                try {
                    JsonNode value = json.readTree(record.value());
                    if (value != null && groupId.equals(value.path("groupId").asText(null))) {
                        List<X509CertificateHolder> certificates =
                                PemFiles.certificates(value.path("certificatePem").asText(""));
                        if (!certificates.isEmpty()) {
                            return Optional.of(chainOf(groupId, certificates.get(0)));
                        }
                    }
                } catch (IOException e) {
                    // not a CA record
                }
            }
        }
        return Optional.empty();
    }

    private String chainOf(String groupId, X509CertificateHolder projectCa) {
        requireIssuedByRoot(groupId, projectCa);
        return Pem.certificate(projectCa) + rootChainPem;
    }

    /** A CA from another root means this command reads another worker's store than the one that issued it. */
    private void requireIssuedByRoot(String groupId, X509CertificateHolder projectCa) {
        try {
            boolean valid = projectCa.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(new JcaX509CertificateConverter().getCertificate(root).getPublicKey()));
            if (!valid) {
                throw new IllegalStateException("the CA of group " + groupId + " (" + projectCa.getSubject()
                        + ") was not issued by the root " + root.getSubject() + " configured here");
            }
        } catch (CertException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot check the CA of group " + groupId + ": " + e.getMessage(), e);
        }
    }

    private static List<X509CertificateHolder> certificatesIn(Path file) {
        List<X509CertificateHolder> certificates = PemFiles.certificates(PemFiles.read(file));
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate in " + file);
        }
        return certificates;
    }

    private static List<X509CertificateHolder> chainIn(RootCaSource.Pkcs12 source) {
        try (InputStream in = Files.newInputStream(source.file())) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, source.password());
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate[] chain = keyStore.isKeyEntry(alias) ? keyStore.getCertificateChain(alias) : null;
                if (chain != null && chain.length > 0) {
                    List<X509CertificateHolder> certificates = new ArrayList<>();
                    for (Certificate certificate : chain) {
                        certificates.add(new X509CertificateHolder(certificate.getEncoded()));
                    }
                    return certificates;
                }
            }
            throw new IllegalArgumentException("no key entry with a certificate in " + source.file());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read PKCS#12 keystore " + source.file() + ": " + e.getMessage(), e);
        }
    }
}
