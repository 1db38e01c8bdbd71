#!/usr/bin/env bash
# Measures the worker's resident memory at steady state, as docs/benchmarks.md reports it: a broker in its own
# process, the worker (`run`, EC-P256 keys) in its own, and a steady stream of requests; RSS sampled every 5 s.
#
# Usage: bench/worker-rss.sh [requests per second, default 100] [seconds, default 120] [extra JVM options…]
# Needs: mvn -q -DskipTests package (the jar and worker/target/dev-broker).
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-100}"; seconds="${2:-120}"; shift 2 || true
port=19092
work="$(mktemp -d)"
# The worker first (a clean stop publishes what it finished), then the broker.
trap 'kill ${worker:-} 2>/dev/null; wait ${worker:-} 2>/dev/null; kill ${broker:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

java -cp 'worker/target/dev-broker/*:worker/target/cert-worker.jar' io.certworker.embeddedkafka.EmbeddedKafkaCluster "$port" "$work/kafka" >"$work/broker.log" 2>&1 &
broker=$!
until grep -q "bootstrap.servers=" "$work/broker.log" 2>/dev/null; do sleep 0.5; done

CERT_WORKER_BOOTSTRAP_SERVERS="127.0.0.1:$port" CERT_WORKER_TOPICS_CREATE=true CERT_WORKER_CA_ROOT_GENERATE=true \
CERT_WORKER_CA_DIR="$work/ca" CERT_WORKER_KEY_ALGORITHM=EC-P256 CERT_WORKER_INSTANCE_ID=rss \
CERT_WORKER_KEY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" CERT_WORKER_METRICS_PORT=0 \
  java "$@" -jar worker/target/cert-worker.jar run >"$work/worker.log" 2>&1 &
worker=$!
until grep -q "cert-worker is taking requests" "$work/worker.log" 2>/dev/null; do sleep 0.5; done
echo "worker ready: RSS $(($(ps -o rss= -p "$worker") / 1024)) MB (JVM options: ${*:-none})"

java -cp worker/target/cert-worker.jar bench/SteadyLoad.java "127.0.0.1:$port" "$rate" "$seconds" &
load=$!
for ((t = 5; t <= seconds; t += 5)); do
  sleep 5
  echo "t=${t}s RSS $(($(ps -o rss= -p "$worker") / 1024)) MB, issued so far: $(grep -c 'outcome=issued' "$work/worker.log")"
done
wait "$load"
sleep 3
echo "done: RSS $(($(ps -o rss= -p "$worker") / 1024)) MB, issued: $(grep -c 'outcome=issued' "$work/worker.log"), failed: $(grep -c 'outcome=failed' "$work/worker.log" || true)"
grep 'outcome=failed' "$work/worker.log" | grep -o 'errorCode=[A-Z_]*' | sort | uniq -c || true
cp "$work/worker.log" "${TMPDIR:-/tmp}/worker-rss-last.log" && echo "worker log: ${TMPDIR:-/tmp}/worker-rss-last.log"
