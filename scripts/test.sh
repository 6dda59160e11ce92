#!/usr/bin/env bash
# The test suite, as CI runs it: ./mvnw -B verify on a JDK 21+ (found by scripts/jdk.sh). Tests use the
# Postgres named by HOOKS_TEST_DATABASE_URL, else Testcontainers where Docker runs, else 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
exec ./mvnw -B verify "$@"
