# cert-worker: the production image (`run` against an external Kafka cluster).
#
#   docker build -t cert-worker .
#   docker run --rm -e CERT_WORKER_BOOTSTRAP_SERVERS=kafka:9092 ... cert-worker          # = run
#   docker run --rm cert-worker config                                                   # any other command
#
# Plain Dockerfile syntax (no BuildKit-only features such as RUN --mount), so the classic builder that
# docker-compose 1.29 drives builds it too.

# ---------------------------------------------------------------------------------------------------------------
# Build stage: Maven + JDK 17.
# ---------------------------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# Dependencies first, from the poms alone, so this layer is reused until a pom changes. dependency:go-offline
# skips the reactor's own modules (contracts, embedded-kafka), so it works in this multi-module build.
# A new module needs its pom.xml listed here too.
COPY pom.xml ./
COPY contracts/pom.xml contracts/
COPY embedded-kafka/pom.xml embedded-kafka/
COPY worker/pom.xml worker/
RUN mvn -B -q dependency:go-offline

# Then the sources (.dockerignore keeps target/, .git/ and local data out of the context). Still online:
# go-offline does not fetch everything `package` may need (plugins' own dependencies), and those come here.
COPY . .
RUN mvn -B -q -DskipTests package

# ---------------------------------------------------------------------------------------------------------------
# Runtime stage: JRE only, non-root.
# ---------------------------------------------------------------------------------------------------------------
# Ubuntu-based, so glibc: the jar's native crypto provider (ACCP, built by the stage above for this image's
# platform, x86_64 or aarch64) needs glibc 2.17 or later and a writable /tmp to unpack its library into. On an
# Alpine (musl) image it would not load, and the worker would run on the slower JDK/BouncyCastle providers.
FROM eclipse-temurin:17-jre

# uid/gid 10001: an unprivileged user that owns nothing else in the image. /data is where compose mounts the
# worker's volume (CERT_WORKER_CA_DIR=/data/ca); it is created here owned by that user so that a fresh named
# volume mounted on it is writable (Docker copies the directory's ownership into an empty named volume).
RUN groupadd --system --gid 10001 certworker \
 && useradd --system --uid 10001 --gid certworker --no-create-home --home-dir /app --shell /usr/sbin/nologin certworker \
 && mkdir -p /app /data \
 && chown certworker:certworker /data \
 && chmod 0700 /data

WORKDIR /app

# Only the shaded jar: production has no embedded broker, so worker/target/dev-broker/ (Scala and Kafka's server,
# which only `dev` loads) stays out, and `dev` does not work in this image by design.
COPY --from=build /src/worker/target/cert-worker.jar /app/cert-worker.jar

USER 10001:10001

# Prometheus metrics (/metrics) and health on one port; CERT_WORKER_METRICS_PORT selects it.
EXPOSE 9404

# Health: the JRE image has no HTTP client we may rely on (curl is not part of the image's contract), and
# starting a second JVM every 30 seconds just to probe would cost more than the probe is worth. So the check is
# bash alone: its /dev/tcp opens a connection to the metrics port and sends a plain HTTP/1.0 GET /health/live; the
# container is healthy when the answer's status line is 200 (503 once the worker stopped on a fatal error: restart
# it). It proves the process and its loop are alive; it does not prove Kafka is reachable (/health/ready, the
# consumer lag and outcome metrics and their alerts do that).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CERT_WORKER_METRICS_PORT:-9404} && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r -t 4 status <&3 && [[ $status == HTTP/1.?' 200'* ]]"]

# glibc gives each thread that allocates its own malloc arena; with the worker's few dozen threads that alone adds
# tens of MB of resident memory for nothing (docs/benchmarks.md: 306 MB against 264 MB with -Xmx128m).
ENV MALLOC_ARENA_MAX=2

# Heap sized from the container's memory limit. SIGTERM (docker stop) lets in-flight requests finish and be
# published within shutdown.timeout.ms (20 s by default): give the container a longer stop timeout than that.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/cert-worker.jar"]
CMD ["run"]
