"""Benchmark: the credential scan alone, in process, over a lint corpus (what lint pays per manifest).

    python benchmarks/lint_bench.py --files 10000 --rounds 1 --keep /tmp/corpus --no-check
    python benchmarks/secrets_bench.py /tmp/corpus

Parses every manifest once (not timed), then times `credentials.scan` over all of them (best of 5).
"""

from __future__ import annotations

import os
import sys
import time

import yaml

from authadvisor.manifest import credentials


def main() -> int:
    root = sys.argv[1]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    docs = []
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml", ".json")):
                with open(os.path.join(folder, name), "rb") as fh:
                    docs.append(yaml.load(fh.read(), Loader=loader))
    known = frozenset({"credentials", "authadvisor", "name", "description", "owner", "capillary", "cluster",
                       "base_url", "org", "brand", "integration", "caller", "connector", "customer_login",
                       "client_type", "file_processing", "auth", "method", "pkce", "waivers", "check",
                       "reason", "expires"})
    best, hits = float("inf"), 0
    for _ in range(5):
        start = time.process_time()
        hits = sum(len(credentials.scan(d, known)) for d in docs if isinstance(d, dict))
        best = min(best, time.process_time() - start)
    print(f"{len(docs)} manifests, {hits} credential findings: scan best of 5 {best * 1000:.1f} ms "
          f"({best / max(len(docs), 1) * 1e6:.1f} us per manifest)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
