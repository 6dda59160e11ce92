#!/usr/bin/env bash
# Runs the Zapier app's tests against the packaged service: a fresh database on the local Postgres,
# throwaway keys, an organization with the API feature and an API key, a few real events, then npm test.
# The service may deliver to loopback http targets here, and Zapier hooks may target 127.0.0.1 besides
# hooks.zapier.com, so the tests can receive a real signed hook.
# Needs target/webhooks-*.jar (./mvnw verify makes it), Postgres on 127.0.0.1:5432, java, node, npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

db="hooks_zapier_$(openssl rand -hex 4)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
log=$(mktemp)
export HOOKS_SECURITY_JWT_SECRET="$(openssl rand -hex 32)"
export HOOKS_SECURITY_ENCRYPTION_KEY="$(openssl rand -base64 32)"
# As docker-compose.yml runs it: every token must name this issuer and audience (mint-token.sh reads both).
export HOOKS_SECURITY_JWT_ISSUER="https://app.headshotpro.com" HOOKS_SECURITY_JWT_AUDIENCE="headshotpro-webhooks"
pid=""

cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT

psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $db" postgres
java -jar "$(ls "$root"/target/webhooks-*.jar | grep -v plain | head -n 1)" \
  --server.port="$port" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" \
  --spring.datasource.username=postgres \
  --hooks.delivery.allow-http-targets=true --hooks.delivery.allow-private-targets=true \
  --hooks.zapier.target-hosts=hooks.zapier.com,127.0.0.1 >"$log" 2>&1 &
pid=$!

for _ in $(seq 1 90); do
  curl -fs "$base/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "the service died on startup" >&2; exit 1; }
  sleep 1
done
curl -fs "$base/actuator/health/readiness" >/dev/null || { tail -50 "$log"; echo "the service did not become ready" >&2; exit 1; }

org="zapier-ci"
service=$(scripts/mint-token.sh service)
lead=$(scripts/mint-token.sh teamlead "$org")
call() { curl -fsS -H "Content-Type: application/json" "$@"; }
call -X PUT -H "Authorization: Bearer $service" -d '{"name":"Zapier CI","apiEnabled":true}' \
  "$base/internal/v1/organizations/$org" >/dev/null
call -X POST -H "Authorization: Bearer $service" \
  -d "{\"_id\":\"zap-1\",\"organization\":\"$org\",\"uid\":\"u-1\",\"title\":\"CI shoot\",\"trigger\":\"api\",\"status\":\"pending\"}" \
  "$base/internal/v1/models" >/dev/null
call -X POST -H "Authorization: Bearer $service" "$base/internal/v1/models/zap-1/photos-ready" >/dev/null
api_key=$(call -X POST -H "Authorization: Bearer $lead" "$base/api/v1/settings/api-key" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["apiKey"])')

cd zapier
npm ci --no-audit --no-fund --loglevel=error
HOOKS_BASE_URL="$base" HOOKS_API_KEY="$api_key" HOOKS_SERVICE_TOKEN="$service" HOOKS_ORGANIZATION="$org" npm test
