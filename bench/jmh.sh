#!/usr/bin/env bash
# JMH benchmarks of the pure hot paths (signing, payload serialization, secret decryption).
# Benchmarks live in src/test/java/com/headshotpro/webhooks/bench/*Benchmark.java; surefire
# only runs *Tests.java, so `./mvnw verify` never runs them.
#
# Usage: bench/jmh.sh [extra JMH args...]   (e.g. bench/jmh.sh -p bodyBytes=450)
# Results: bench/results/jmh.json
set -euo pipefail

cd "$(dirname "$0")/.."

# Major version of a java binary (8 for 1.8, 21 for 21.0.x), or 0 if it does not run.
java_major() {
    local v
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
    v=${v#1.}
    [[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

if [[ -z ${JAVA_HOME:-} || ! -x $JAVA_HOME/bin/java || $(java_major "$JAVA_HOME/bin/java") -lt 21 ]]; then
    best="" best_major=0
    for candidate in /usr/lib/jvm/*/; do
        candidate=${candidate%/}
        [[ -x $candidate/bin/java ]] || continue
        major=$(java_major "$candidate/bin/java")
        if ((major > best_major)); then
            best=$candidate best_major=$major
        fi
    done
    if ((best_major < 21)); then
        echo "jmh.sh: no JDK 21+ found (JAVA_HOME=${JAVA_HOME:-unset}, nothing under /usr/lib/jvm)" >&2
        exit 1
    fi
    export JAVA_HOME=$best
fi
export PATH=$JAVA_HOME/bin:$PATH
echo "jmh.sh: using JAVA_HOME=$JAVA_HOME ($(java_major "$JAVA_HOME/bin/java"))" >&2

./mvnw -B -q -Dspotless.check.skip=true test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath

mkdir -p bench/results
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main \
    'com.headshotpro.webhooks.bench.*' \
    -f 1 -wi 3 -w 2s -i 5 -r 2s -tu us -bm avgt \
    -rf json -rff bench/results/jmh.json \
    "$@"
