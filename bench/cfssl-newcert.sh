#!/usr/bin/env bash
# Reproduces the cfssl comparison of docs/benchmarks.md: Debian's `cfssl serve` on loopback, its `newcert` endpoint
# (a new key pair and a certificate signed by its CA, per call, like the worker's issuing) for the same key types,
# and its `sign` endpoint with a P-256 CSR (like the worker's csr scenario), under the same concurrency as the
# worker's crypto pool (one connection per core). `cert-worker bench --compare-cfssl` measures the same in the
# bench's own run, right after its scenarios, and prints the ratios.
#
# Usage: bench/cfssl-newcert.sh [seconds per key type, default 20]
# Needs: golang-cfssl and wrk from Debian (installed when missing, with sudo if not root).
set -euo pipefail
seconds="${1:-20}"
cores="$(nproc)"
port=18888
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v cfssl >/dev/null || ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends golang-cfssl wrk
fi

cd "$work"
# The CA, P-256 like the worker's benchmark CAs, so that only the subject key differs.
echo '{"CN":"cfssl bench CA","key":{"algo":"ecdsa","size":256}}' | cfssl gencert -initca - 2>/dev/null | cfssljson -bare ca
cat > config.json <<'JSON'
{"signing":{"default":{"expiry":"2160h","usages":["digital signature","client auth"]}}}
JSON
cfssl serve -address 127.0.0.1 -port "$port" -ca ca.pem -ca-key ca-key.pem -config config.json >serve.log 2>&1 &
server=$!
# Any HTTP answer means it listens (Debian's cfssl 1.2 has no health endpoint: 404).
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/cfssl/health" && break; sleep 0.2; done
# The requester's P-256 CSR for `sign`, made once: its key is the requester's work, not the CA's.
echo '{"CN":"alice","key":{"algo":"ecdsa","size":256}}' | cfssl genkey - 2>/dev/null | cfssljson -bare alice
printf '{"certificate_request":"%s"}' "$(awk '{printf "%s\\n", $0}' alice.csr)" > sign.json

measure() { # endpoint, body file, seconds, label
  cat > post.lua <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$2", "r")
wrk.body = file:read("*a")
file:close()
LUA
  out="$(wrk -t "$cores" -c "$cores" -d "${3}s" --timeout 30s -s post.lua "http://127.0.0.1:$port/api/v1/cfssl/$1")"
  rate="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  latency="$(echo "$out" | awk '/Latency/ {print $2; exit}')"
  errors="$(echo "$out" | awk '/Non-2xx/ {print $4}')"
  echo "| $4 | $cores | $rate | $latency${errors:+ ($errors non-2xx)} |"
}

echo "| cfssl endpoint | Concurrency | /s | mean latency |"
echo "|---|---|---|---|"
for key in "rsa 4096" "rsa 2048" "ecdsa 256"; do
  set -- $key
  printf '{"request":{"CN":"alice","key":{"algo":"%s","size":%s}}}' "$1" "$2" > "newcert-$1-$2.json"
  duration="$seconds"
  [ "$1" = rsa ] && [ "$2" = 4096 ] && duration=$((seconds * 2))
  measure newcert "newcert-$1-$2.json" "$duration" "newcert $1-$2"
done
measure sign sign.json "$seconds" "sign of a P-256 CSR"
