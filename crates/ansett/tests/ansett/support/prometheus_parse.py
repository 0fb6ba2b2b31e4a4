"""Parses a Prometheus text exposition with the reference client library (`pip install prometheus-client`).

Reads the text on stdin; prints a JSON object {"families": {name: type}, "samples": [{"name", "labels", "value"}]}
or exits 1 with the parser's complaint. Exit 3: the package is not installed.
"""
import json
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    print("prometheus-client is not installed", file=sys.stderr)
    sys.exit(3)

try:
    families = list(text_string_to_metric_families(sys.stdin.read()))
except Exception as e:  # noqa: BLE001 - any failure is the answer
    print(f"not the Prometheus text format: {e!r}", file=sys.stderr)
    sys.exit(1)
print(json.dumps({
    "families": {f.name: f.type for f in families},
    "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for f in families for s in f.samples],
}))
