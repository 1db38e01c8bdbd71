package io.certworker.reliability;

import io.certworker.testing.Pems;
import io.certworker.testing.processes.Outcomes.Outcome;
import io.certworker.testing.processes.SignatureLogs;
import io.certworker.testing.processes.SignatureLogs.Signature;
import io.certworker.testing.processes.Traffic.Request;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The guarantee every reliability test checks once its fault is over and its workers stopped: each request has exactly
 * one visible outcome (read_committed), an issued one, and the CA signed exactly one serial per request, the serial
 * the outcome carries. A problem is reported with the requestIds concerned, their outcome records and their
 * signature lines, so a failure is evidence, not just a count.
 */
final class ExactlyOnce {
    private static final int EXAMPLES = 10;

    /** What the run looked like, for the figures. */
    record Result(int requests, int outcomeRecords, int issued, int signatureLines, int distinctSerials,
                  int finishedAgainFromDraft, List<String> finishedAgainRequestIds) {
    }

    private ExactlyOnce() {
    }

    static Result verify(List<Request> requests, List<Outcome> outcomes, SignatureLogs logs) {
        Map<String, Request> byId = new LinkedHashMap<>();
        requests.forEach(request -> byId.put(request.requestId(), request));
        Map<String, List<Outcome>> outcomesById = new HashMap<>();
        outcomes.forEach(outcome -> outcomesById.computeIfAbsent(String.valueOf(outcome.requestId()),
                id -> new ArrayList<>()).add(outcome));
        Map<String, Set<String>> serialsById = logs.serialsByRequestId();
        Map<String, List<Signature>> bySerial = logs.bySerial();

        List<String> problems = new ArrayList<>();
        check(problems, "outcomes of requestIds nobody sent", outcomesById.keySet().stream()
                .filter(id -> !byId.containsKey(id)).map(id -> id + " " + outcomesById.get(id)).toList());
        check(problems, "requests without any visible outcome", byId.keySet().stream()
                .filter(id -> !outcomesById.containsKey(id)).map(id -> id + " " + byId.get(id).user()
                        + " signatures=" + serialsById.get(id)).toList());
        check(problems, "requests with more than one visible outcome record", outcomesById.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1).map(entry -> entry.getKey() + " "
                        + describe(entry.getValue()) + " signatures=" + serialsById.get(entry.getKey())).toList());
        check(problems, "requests answered with cert-failed (every request is valid; only an issued event is right)",
                outcomes.stream().filter(outcome -> !outcome.issued()).map(outcome -> outcome.requestId() + " errorCode="
                        + outcome.errorCode() + " at " + outcome.topic() + "-" + outcome.partition() + "@"
                        + outcome.offset()).toList());
        check(problems, "requests whose outcomes carry two distinct serials", outcomesById.entrySet().stream()
                .filter(entry -> entry.getValue().stream().filter(Outcome::issued).map(Outcome::serialNumber)
                        .distinct().count() > 1).map(entry -> entry.getKey() + " " + describe(entry.getValue())).toList());
        check(problems, "issued events whose serialNumber is not their certificate's serial", outcomes.stream()
                .filter(Outcome::issued).filter(outcome -> !new BigInteger(outcome.serialNumber())
                        .equals(Pems.certificates(outcome.pem()).get(0).getSerialNumber()))
                .map(outcome -> outcome.requestId() + " serialNumber=" + outcome.serialNumber()).toList());

        check(problems, "signatures for requestIds nobody sent", serialsById.keySet().stream()
                .filter(id -> !byId.containsKey(id)).toList());
        check(problems, "requests MINTED TWICE (two distinct serials in the signature logs)",
                logs.mintedTwice().entrySet().stream().map(entry -> entry.getKey() + " serials=" + entry.getValue()
                        + " lines=" + entry.getValue().stream().flatMap(serial -> bySerial.get(serial).stream())
                        .map(ExactlyOnce::describe).toList() + " outcomes=" + describe(outcomesById.get(entry.getKey())))
                        .toList());
        check(problems, "requests the CA never signed", byId.keySet().stream()
                .filter(id -> !serialsById.containsKey(id)).map(id -> id + " outcomes=" + describe(outcomesById.get(id)))
                .toList());
        check(problems, "issued events whose serial is not the one the CA logged for the request", outcomes.stream()
                .filter(Outcome::issued).filter(outcome -> !Set.of(outcome.serialNumber())
                        .equals(serialsById.get(outcome.requestId())))
                .map(outcome -> outcome.requestId() + " event serial=" + outcome.serialNumber() + " logged="
                        + serialsById.get(outcome.requestId())).toList());
        check(problems, "serials signed again with another request or validity (not a draft finished again)",
                logs.signedAgain().entrySet().stream().filter(entry -> entry.getValue().stream()
                        .map(line -> line.requestId() + "|" + line.notAfter() + "|" + line.groupId() + "|"
                                + line.username()).distinct().count() > 1)
                        .map(entry -> entry.getKey() + " " + entry.getValue().stream().map(ExactlyOnce::describe)
                                .toList()).toList());
        if (logs.distinctSerials().size() != byId.size()) {
            problems.add("the signature logs hold " + logs.distinctSerials().size() + " distinct serials for "
                    + byId.size() + " requests");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("exactly-once violated (" + problems.size() + " problems):\n  - "
                    + String.join("\n  - ", problems));
        }
        Map<String, List<Signature>> again = logs.signedAgain();
        return new Result(byId.size(), outcomes.size(), (int) outcomes.stream().filter(Outcome::issued).count(),
                logs.signatures().size(), logs.distinctSerials().size(), again.size(),
                again.values().stream().map(lines -> lines.get(0).requestId()).collect(Collectors.toList()));
    }

    /**
     * The consumer group committed, in its transactions, an offset at the end of every partition of the requests
     * topic: every request was consumed and nothing is left to be consumed again.
     */
    static void assertEveryRequestConsumed(String bootstrapServers, String groupId, String requestsTopic)
            throws Exception {
        Map<String, Object> properties = Map.of("bootstrap.servers", bootstrapServers);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(properties)) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new HashMap<>();
            admin.describeTopics(List.of(requestsTopic)).allTopicNames().get().get(requestsTopic).partitions()
                    .forEach(info -> latest.put(new org.apache.kafka.common.TopicPartition(requestsTopic,
                            info.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
            List<String> behind = new ArrayList<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                var offset = committed.get(partition);
                if (offset == null ? end.offset() > 0 : offset.offset() != end.offset()) {
                    behind.add(partition + " committed=" + (offset == null ? "none" : offset.offset()) + " end="
                            + end.offset());
                }
            });
            if (!behind.isEmpty()) {
                throw new AssertionError("the group " + groupId + " did not commit the end of every requests partition: "
                        + behind);
            }
        }
    }

    private static void check(List<String> problems, String what, List<String> offenders) {
        if (!offenders.isEmpty()) {
            problems.add(offenders.size() + " " + what + ", e.g.:\n      "
                    + String.join("\n      ", offenders.subList(0, Math.min(EXAMPLES, offenders.size()))));
        }
    }

    private static String describe(List<Outcome> outcomes) {
        if (outcomes == null) {
            return "[]";
        }
        return outcomes.stream().map(outcome -> (outcome.issued() ? "issued serial=" + outcome.serialNumber()
                        : "failed " + outcome.errorCode()) + " at " + outcome.topic() + "-" + outcome.partition() + "@"
                        + outcome.offset() + " produced " + outcome.producedAt())
                .collect(Collectors.joining("; ", "[", "]"));
    }

    private static String describe(Signature signature) {
        return signature.file().getParent().getFileName() + "/" + signature.file().getFileName() + ":" + signature.line()
                + " serial=" + signature.serialNumber() + " notAfter=" + signature.notAfter() + " signedAt="
                + signature.signedAt();
    }
}
