#!/usr/bin/env bash
# The benchmark suite, one command, in one sitting: builds the service jar, runs the peer benchmark
# (graphile-worker and pg-boss doing the same job on the same Postgres), then the service's harness
# (drain, latency, first attempts beside retries, the drain and latency to an organization with 20
# endpoints, isolation, hostile receivers, ingest, batch ingest,
# recovery, two replicas, memory, endless header, a million deliveries of history), prints every target as a ratio against this sitting's peers, then the JMH benchmarks.
# Results: bench/results/<label>-latest.json, <label>-peers.jsonl, <label>-chart.png, jmh.json.
# The service runs as shipped: extracted as the Dockerfile does, with its ENV lines (JAVA_TOOL_OPTIONS,
# MALLOC_ARENA_MAX), -XX:MaxRAM at docker-compose.yml's mem_limit, and the AOT cache of scripts/aot-cache.sh.
#   BENCH_LABEL=try BENCH_JAVA_OPTS="-XX:+UseG1GC" bench/run.sh   # options after the shipped ones
#   BENCH_AOT_CACHE=0 bench/run.sh                                 # without the AOT cache
#   BENCH_BASELINE_JAR=/path/to/webhooks-before.jar bench/run.sh   # also the old build's ingest, same sitting
#   BENCH_BASELINE_AOT_SCRIPT=/tmp/aot-cache-before.sh           # the old build's own scripts/aot-cache.sh, if today's cannot train it
#   BENCH_PEERS_DIR=../shared/peers-bench   (default); BENCH_SKIP_PEERS=1 to leave the peers out
#   BENCH_SKIP_PEERS=1 BENCH_ONLY=besideRetries|wide bench/run.sh  # one scenario after the warm-up
#   BENCH_HISTORY=1 BENCH_HISTORY_PER_DAY=500000 BENCH_BASELINE_JAR=/path/to/webhooks-before.jar bench/run.sh
#       instead of the above: the history scenario alone at full size, 10 million deliveries, the claim and
#       the drain beside them and without, the old build's pruning against the partitions' drop (about an
#       hour; 25 GB of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*/ | sort -V -r | while read -r j; do
    "$j/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])' && { echo "${j%/}"; break; }; done)
  export JAVA_HOME
fi
export PATH="$JAVA_HOME/bin:$PATH"
pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start

label=${BENCH_LABEL:-run}
mkdir -p bench/results
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
jar=$(ls target/webhooks-*.jar | grep -v original | head -n 1)

if [ -n "${BENCH_HISTORY:-}" ]; then
  exec java -cp "$(cat target/bench.classpath)" bench/WebhookBench.java "$jar" bench/results
fi

# The peers, first, in this sitting: a writable copy of the peer benchmark, its lockfiles' dependencies.
peers_file="$root/bench/results/$label-peers.jsonl"
: >"$peers_file"
if [ -z "${BENCH_SKIP_PEERS:-}" ]; then
  peers_src=${BENCH_PEERS_DIR:-$root/../shared/peers-bench}
  rm -rf target/peers-bench && cp -r "$peers_src" target/peers-bench
  export BENCH_PG_URL=${BENCH_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432}
  for peer in graphile pgboss12; do
    for scenario in drain latency; do
      (cd target/peers-bench && ./run.sh "$scenario" "$peer" 2>/dev/null | tail -n 1) >>"$peers_file"
    done
  done
fi

BENCH_PEERS_FILE="$peers_file" java -cp "$(cat target/bench.classpath)" bench/WebhookBench.java "$jar" bench/results
[ -x bench/jmh.sh ] && bench/jmh.sh
