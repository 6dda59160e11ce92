#!/usr/bin/env bash
# Mint an HS256 JWT for local use against the webhook service. Needs only openssl and coreutils.
#
#   scripts/mint-token.sh teamlead <orgId> [--ttl SECONDS]   user token: org + roles [TeamLead]
#   scripts/mint-token.sh service [--ttl SECONDS]            service token: scope hooks.internal
#   scripts/mint-token.sh page <orgId> [--ttl SECONDS] [--base URL]
#       the API Settings page in one step: makes sure the organization exists with the API feature on
#       (through the internal API at --base, default http://localhost:8080), then prints the page's URL
#       with a TeamLead token in its fragment, to open in a browser
#
# The key is HOOKS_SECURITY_JWT_SECRET; unset, it is the dev profile's public key (with a warning).
# Tokens carry iat, and iss and aud from HOOKS_SECURITY_JWT_ISSUER and HOOKS_SECURITY_JWT_AUDIENCE (by
# default docker-compose.yml's https://app.headshotpro.com and headshotpro-webhooks). --ttl is at most the
# service's hooks.security.jwt.max-lifetime (24 h by default).
# Prints only the token (or the URL) on stdout, e.g.
#   curl -H "Authorization: Bearer $(scripts/mint-token.sh teamlead org_123)" localhost:8080/...
set -euo pipefail

DEV_KEY='dev-only-jwt-secret-do-not-use-in-production'

usage() {
  echo "usage: $0 teamlead <orgId> [--ttl SECONDS]" >&2
  echo "       $0 service [--ttl SECONDS]" >&2
  echo "       $0 page <orgId> [--ttl SECONDS] [--base URL]" >&2
  exit 2
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

json_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '%s' "$s"
}

[ $# -ge 1 ] || usage
kind=$1
shift
org=''
ttl=3600
base='http://localhost:8080'

case "$kind" in
  teamlead|page)
    [ $# -ge 1 ] && [ "${1#--}" = "$1" ] || usage
    org=$1
    shift
    ;;
  service) ;;
  -h|--help) usage ;;
  *) echo "unknown token kind: $kind" >&2; usage ;;
esac

while [ $# -gt 0 ]; do
  case "$1" in
    --ttl)
      [ $# -ge 2 ] || usage
      ttl=$2
      shift 2
      ;;
    --ttl=*)
      ttl=${1#--ttl=}
      shift
      ;;
    --base)
      [ $# -ge 2 ] && [ "$kind" = page ] || usage
      base=${2%/}
      shift 2
      ;;
    *) echo "unexpected argument: $1" >&2; usage ;;
  esac
done
case "$ttl" in
  ''|*[!0-9]*) echo "--ttl must be a positive number of seconds" >&2; exit 2 ;;
esac
[ "$ttl" -gt 0 ] || { echo "--ttl must be a positive number of seconds" >&2; exit 2; }

if [ -n "${HOOKS_SECURITY_JWT_SECRET:-}" ]; then
  key=$HOOKS_SECURITY_JWT_SECRET
else
  key=$DEV_KEY
  echo "warning: HOOKS_SECURITY_JWT_SECRET is not set; signing with the dev profile's public key" >&2
fi
if [ "$(printf '%s' "$key" | wc -c)" -lt 32 ]; then
  echo "warning: the key is shorter than 32 bytes; the service will refuse it" >&2
fi

iat=$(date +%s)
exp=$((iat + ttl))
issuer=${HOOKS_SECURITY_JWT_ISSUER:-https://app.headshotpro.com}
audience=${HOOKS_SECURITY_JWT_AUDIENCE:-headshotpro-webhooks}
if [ "$ttl" -gt 86400 ]; then
  echo "warning: --ttl is over 24 h; the service refuses tokens that live longer than its max-lifetime (24 h by default)" >&2
fi

# Signs the claims given as JSON with the key; prints the token.
mint() {
  local header='{"alg":"HS256","typ":"JWT"}' signing_input signature
  signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$1" | b64url)"
  signature=$(printf '%s' "$signing_input" \
    | openssl dgst -sha256 -mac HMAC -macopt key:"$key" -binary | b64url)
  printf '%s.%s\n' "$signing_input" "$signature"
}

registered=$(printf '"iss":"%s","aud":"%s","iat":%d,"exp":%d' \
  "$(json_escape "$issuer")" "$(json_escape "$audience")" "$iat" "$exp")
teamlead_claims=$(printf '{"sub":"dev-user","org":"%s","roles":["TeamLead"],%s}' "$(json_escape "$org")" "$registered")
service_claims=$(printf '{"sub":"dev-service","scope":"hooks.internal",%s}' "$registered")

case "$kind" in
  teamlead) mint "$teamlead_claims" ;;
  service) mint "$service_claims" ;;
  page)
    if ! curl -fsS -o /dev/null -X PUT "$base/internal/v1/organizations/$org" \
        -H "Authorization: Bearer $(mint "$service_claims")" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$(json_escape "$org")\",\"apiEnabled\":true}"; then
      echo "warning: could not make sure organization $org exists at $base (is the service running?)" >&2
    fi
    printf '%s/settings/api#token=%s\n' "$base" "$(mint "$teamlead_claims")"
    ;;
esac
