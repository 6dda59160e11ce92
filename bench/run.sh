#!/usr/bin/env bash
# The benchmark suite, one command: builds the service jar, runs the harness (drain, latency, isolation,
# ingest, two replicas, peak memory) against the local Postgres and an in-process receiver, then the JMH
# benchmarks. Results: bench/results/<label>-latest.json, <label>-chart.png, jmh.json.
#   BENCH_LABEL=after BENCH_JAVA_OPTS="-Xmx256m -XX:+UseZGC" bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*/ | sort -V -r | while read -r j; do
    "$j/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])' && { echo "${j%/}"; break; }; done)
  export JAVA_HOME
fi
export PATH="$JAVA_HOME/bin:$PATH"
pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start

./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath >/dev/null
jar=$(ls target/webhooks-*.jar | grep -v original | head -n 1)
java -cp "$(cat target/bench.classpath)" bench/WebhookBench.java "$jar" bench/results
[ -x bench/jmh.sh ] && bench/jmh.sh
