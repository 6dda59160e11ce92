"""Verifies a HeadshotPro webhook: HMAC-SHA256 of "{timestamp}.{raw body}" keyed with the webhook secret.

Usage: HEADSHOTPRO_WEBHOOK_SECRET=... python3 verify.py <timestamp> <signature-header> <body-file>
Pass the raw request body bytes (Flask: request.get_data()), never re-serialized JSON.
"""
import hashlib
import hmac
import os
import re
import sys
import time

TOLERANCE_SECONDS = 300


def verify(secret, timestamp_header, signature_header, raw_body: bytes, now=None) -> bool:
    if not timestamp_header or not re.fullmatch(r"[0-9]{1,15}", timestamp_header):
        return False
    if not signature_header or not signature_header.startswith("sha256="):
        return False
    now = int(time.time()) if now is None else now
    if abs(now - int(timestamp_header)) > TOLERANCE_SECONDS:
        return False
    signed = timestamp_header.encode() + b"." + raw_body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature_header[len("sha256="):].encode())


if __name__ == "__main__":
    secret = os.environ.get("HEADSHOTPRO_WEBHOOK_SECRET")
    if not secret or len(sys.argv) != 4:
        print("usage: HEADSHOTPRO_WEBHOOK_SECRET=... python3 verify.py <timestamp> <signature-header> <body-file>",
              file=sys.stderr)
        sys.exit(2)
    timestamp, signature, body_file = sys.argv[1:]
    with open(body_file, "rb") as f:
        ok = verify(secret, timestamp, signature, f.read())
    print("valid" if ok else "invalid")
    sys.exit(0 if ok else 1)
