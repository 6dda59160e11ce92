#!/usr/bin/env bash
# Builds the JDK AOT cache (JDK 25: JEP 483, 514 and 515) of the extracted service, beside its jar:
#   scripts/aot-cache.sh /app/app.jar        -> /app/app.aot, used by: java -XX:AOTCache=app.aot -jar app.jar
# The jar is the extracted form's (java -Djarmode=tools -jar webhooks.jar extract --application-filename
# app.jar): the cache holds the classes of app.jar and lib/, loaded and linked, and the method profiles of a
# training run, so a new process skips that work and compiles the hot methods sooner.
#
# The training run starts the Spring context and exits once it has refreshed (spring.context.exit=onRefresh,
# before the lifecycle: no web server listening, no delivery engine). It needs nothing outside the process,
# because the Dockerfile runs it at image build time: no database (Flyway off, the datasource pointed at a
# port nobody listens on and never connected to before the lifecycle starts), and throwaway keys made for
# the run.
#
# The JVM options are the environment's (JAVA_TOOL_OPTIONS, MALLOC_ARENA_MAX: the Dockerfile's ENV lines),
# so the cache is trained with the options it runs with. The Dockerfile and the benchmark
# (bench/WebhookBench.java) both call this script, so the benchmark measures what ships.
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 <extracted app.jar>" >&2; exit 2; }
dir=$(cd "$(dirname "$1")" && pwd)
jar=$(basename "$1")
cache="${jar%.jar}.aot"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cd "$dir"
rm -f "$cache"

# Relative paths, as the service is started (from this directory): the cache records the class path.
if ! HOOKS_SECURITY_JWT_SECRET="$(head -c 48 /dev/urandom | base64 -w 0)" \
    HOOKS_SECURITY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64 -w 0)" \
    java -XX:AOTCacheOutput="$cache" -Dspring.context.exit=onRefresh -jar "$jar" \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:9/aot-training \
    --spring.flyway.enabled=false \
    >"$log" 2>&1 || [ ! -s "$cache" ]; then
  cat "$log" >&2
  echo "aot-cache.sh: no AOT cache was written (the training run's output is above)" >&2
  exit 1
fi
echo "aot-cache.sh: $dir/$cache, $(( $(stat -c %s "$cache") / 1048576 )) MB"
