#!/usr/bin/env bash
# Runs the service from the sources under the dev profile (public development keys, http and private
# targets allowed, a loud warning) on a JDK 21+ (found by scripts/jdk.sh), against the Postgres of
# SPRING_DATASOURCE_URL (default jdbc:postgresql://127.0.0.1:5432/hooks), creating that database when it
# is missing. Skips the tests and the formatting check: this is for running, not for building.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
export SPRING_DATASOURCE_URL="${SPRING_DATASOURCE_URL:-jdbc:postgresql://127.0.0.1:5432/hooks}"
user="${SPRING_DATASOURCE_USERNAME:-postgres}"
if [[ "$SPRING_DATASOURCE_URL" =~ ^jdbc:postgresql://([^:/]+)(:([0-9]+))?/([^?]+) ]] && command -v psql >/dev/null; then
  host="${BASH_REMATCH[1]}" port="${BASH_REMATCH[3]:-5432}" db="${BASH_REMATCH[4]}"
  export PGPASSWORD="${SPRING_DATASOURCE_PASSWORD:-}"
  if ! psql -h "$host" -p "$port" -U "$user" -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "Creating database $db on $host:$port"
    createdb -h "$host" -p "$port" -U "$user" "$db"
  fi
fi
exec ./mvnw -B -q spring-boot:run -Dspotless.check.skip=true -Dmaven.test.skip=true \
  -Dspring-boot.run.profiles="${SPRING_PROFILES_ACTIVE:-dev}" "$@"
