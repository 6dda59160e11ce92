#!/usr/bin/env bash
# Self-checks Verify.java, verify.js and verify.py against signatures computed with openssl.
# Needs a JDK 21+ (JAVA_HOME, else temurin 25), node 20+, python3 3.11+ and openssl.
set -euo pipefail
cd "$(dirname "$0")"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"

secret=3f9a1c7e5b2d4068a1f3c5e7092b4d6f8a0c2e4f6b8d0a1c3e5f7092b4d6f8a0
wrong=0000000000000000000000000000000000000000000000000000000000000000
body='{"id": "evt_6f1c2a9e-1b7d-4c3e-9a2f-8d5e4b3c2a10", "event": "model.photos_ready", "object": {"title": "Zoë — héadshots"}}'

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%s' "$body" > "$tmp/body.json"
printf '%s' "${body/photos_ready/favorite_selected}" > "$tmp/tampered.json"

sign() { # sign <secret> <timestamp> -> sha256=<hex> over "{timestamp}.{body}"
  printf 'sha256=%s' "$(printf '%s.%s' "$2" "$body" | openssl dgst -sha256 -hmac "$1" | awk '{print $NF}')"
}

now=$(date +%s); old=$((now - 400)); future=$((now + 400))
good=$(sign "$secret" "$now")

failures=0
check() { # check <lang> <name> <expected valid|invalid> <timestamp> <signature> <body-file>
  local lang=$1 name=$2 want=$3 got rc=0; shift 3
  case $lang in
    java)   got=$(HEADSHOTPRO_WEBHOOK_SECRET=$secret "$JAVA" Verify.java "$@") || rc=$? ;;
    node)   got=$(HEADSHOTPRO_WEBHOOK_SECRET=$secret node verify.js "$@") || rc=$? ;;
    python) got=$(HEADSHOTPRO_WEBHOOK_SECRET=$secret python3 verify.py "$@") || rc=$? ;;
  esac
  local want_rc=1; [[ $want == valid ]] && want_rc=0
  if [[ $got == "$want" && $rc == "$want_rc" ]]; then
    printf 'PASS %-6s %-22s -> %s (exit %s)\n' "$lang" "$name" "$got" "$rc"
  else
    printf 'FAIL %-6s %-22s -> %s (exit %s), expected %s (exit %s)\n' "$lang" "$name" "$got" "$rc" "$want" "$want_rc"
    failures=$((failures + 1))
  fi
}

for lang in java node python; do
  check $lang "valid signature"       valid   "$now"    "$good"                      "$tmp/body.json"
  check $lang "tampered body"         invalid "$now"    "$good"                      "$tmp/tampered.json"
  check $lang "wrong secret"          invalid "$now"    "$(sign "$wrong" "$now")"    "$tmp/body.json"
  check $lang "timestamp 400s old"    invalid "$old"    "$(sign "$secret" "$old")"    "$tmp/body.json"
  check $lang "timestamp 400s ahead"  invalid "$future" "$(sign "$secret" "$future")" "$tmp/body.json"
  check $lang "no sha256= prefix"     invalid "$now"    "${good#sha256=}"            "$tmp/body.json"
  check $lang "non-numeric timestamp" invalid "${now}x" "$good"                      "$tmp/body.json"
done

if (( failures )); then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
