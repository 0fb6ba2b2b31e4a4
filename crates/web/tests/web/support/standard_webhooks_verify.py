"""Verifies webhook deliveries with the Standard Webhooks reference library (`pip install standardwebhooks`).

Reads a JSON list of {"secret", "id", "timestamp", "signature", "body"} on stdin; exits 0 and prints how many
were verified, or exits 1 naming the first that fails. Exit 3: the package is not installed.
"""
import json
import sys

try:
    from standardwebhooks.webhooks import Webhook
except ImportError:
    print("standardwebhooks is not installed", file=sys.stderr)
    sys.exit(3)

deliveries = json.load(sys.stdin)
for d in deliveries:
    headers = {"webhook-id": d["id"], "webhook-timestamp": d["timestamp"], "webhook-signature": d["signature"]}
    try:
        Webhook(d["secret"]).verify(d["body"], headers)
    except Exception as e:  # noqa: BLE001 - any failure is the answer
        print(f"{d['id']}: {e!r}", file=sys.stderr)
        sys.exit(1)
print(len(deliveries))
