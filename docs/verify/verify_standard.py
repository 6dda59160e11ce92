"""Verifies a HeadshotPro webhook the Standard Webhooks way, with Python's standard library only.

The signed content is "{webhook-id}.{webhook-timestamp}.{raw body}"; the key is the 32 bytes of your
64-hex webhook secret (or the base64 after "whsec_" in its Standard Webhooks form); webhook-signature
holds "v1,<base64 HMAC-SHA256>" entries separated by spaces.

Usage: HEADSHOTPRO_WEBHOOK_SECRET=... python3 verify_standard.py <webhook-id> <webhook-timestamp> <webhook-signature> <body-file>
"""
import base64
import hashlib
import hmac
import os
import re
import sys
import time

TOLERANCE_SECONDS = 300


def standard_secret(hex_secret: str) -> str:
    """The secret as Standard Webhooks libraries take it: whsec_ and base64 of its 32 bytes."""
    return "whsec_" + base64.b64encode(bytes.fromhex(hex_secret)).decode()


def verify(hex_secret, msg_id, timestamp, signature_header, raw_body: bytes, now=None) -> bool:
    if not msg_id or not timestamp or not re.fullmatch(r"[0-9]{1,15}", timestamp) or not signature_header:
        return False
    now = int(time.time()) if now is None else now
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    signed = f"{msg_id}.{timestamp}.".encode() + raw_body
    expected = base64.b64encode(hmac.new(bytes.fromhex(hex_secret), signed, hashlib.sha256).digest())
    return any(
        version == "v1" and hmac.compare_digest(expected, signature.encode())
        for version, _, signature in (entry.partition(",") for entry in signature_header.split(" "))
    )


if __name__ == "__main__":
    secret = os.environ.get("HEADSHOTPRO_WEBHOOK_SECRET")
    if not secret or len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    msg_id, timestamp, signature, body_file = sys.argv[1:]
    with open(body_file, "rb") as f:
        ok = verify(secret, msg_id, timestamp, signature, f.read())
    print("valid" if ok else "invalid")
    sys.exit(0 if ok else 1)
