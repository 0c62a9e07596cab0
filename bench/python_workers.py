#!/usr/bin/env python3
"""End-to-end sign-ups per second of the bundled pipeline with its two SQS workers running as Python processes.

Starts `ingest up` (durable, the bundled template with its usage plan opened up), deploys
templates/python/signup-worker to both workers with `ingest function update-code --runtime python3.12`, sends N
sign-ups through the gateway from several client threads, and waits until both tables hold all N users. Prints
the sign-ups per second from the first request to the last item written, the gateway's acknowledged rate, and
the workers' cold starts and invocation latency.

    swift build -c release --product ingest
    python3 bench/python_workers.py --binary .build/release/ingest --signups 5000
    python3 bench/python_workers.py --builtin        # the same run on the built-in Swift workers, to compare
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(binary, data_dir, *args):
    out = subprocess.run([binary, *args, "--data-dir", data_dir], capture_output=True, text=True, check=True)
    return out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/ingest"))
    ap.add_argument("--signups", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--builtin", action="store_true", help="keep the built-in Swift workers")
    ap.add_argument("--memory", action="store_true", help="run the engine in memory (not durable)")
    a = ap.parse_args()

    data_dir = tempfile.mkdtemp(prefix="ingest-bench-py-")
    args = [a.binary, "up", "--headless", "--data-dir", data_dir, "--port", "0", "--aws-listen", "127.0.0.1:0",
            "--parameter", "ThrottleRate=1000000", "--parameter", "ThrottleBurst=1000000", "--parameter", "QuotaLimit=100000000"]
    if a.memory:
        args.append("--memory")
    engine = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in engine.stdout:
            if line.strip().startswith("aws"):
                break
        keys = json.loads(cli(a.binary, data_dir, "keys", "--json"))
        functions = {f["name"]: f for f in json.loads(cli(a.binary, data_dir, "function", "list", "--json"))}
        workers = [n for n in functions if n.endswith("user-metadata") or n.endswith("user-onboarding")]
        if not a.builtin:
            for name in workers:
                cli(a.binary, data_dir, "function", "update-code", name, os.path.join(ROOT, "templates/python/signup-worker"),
                    "--runtime", "python3.12", "--handler", "app.handler")
        store = urllib.parse.urlparse(keys["storeURL"])
        topic = next(t for t in keys["topicArns"] if t.endswith("-topic"))
        api_key = next(k["value"] for k in keys["keys"] if k["enabled"])

        acknowledged = [0]
        lock = threading.Lock()

        def client(first, count):
            conn = http.client.HTTPConnection(store.hostname, store.port)
            for i in range(first, first + count):
                message = json.dumps({"username": f"bench{i}", "user_id": f"auth0|bench{i}", "email": f"bench{i}@example.com"})
                query = urllib.parse.urlencode({"topic": topic, "subject": "New user signup", "message": message})
                conn.request("GET", f"{store.path}?{query}", headers={"x-api-key": api_key})
                r = conn.getresponse()
                r.read()
                if r.status == 200:
                    with lock:
                        acknowledged[0] += 1
                else:
                    print(f"gateway answered {r.status}", file=sys.stderr)

        per = a.signups // a.clients
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(c * per, per)) for c in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        sent_at = time.monotonic()
        total = per * a.clients
        while True:
            tables = json.loads(cli(a.binary, data_dir, "table", "list", "--json"))
            counts = [t["itemCount"] for t in tables if t["name"].endswith("metadata") or t["name"].endswith("onboarding")]
            if counts and all(c >= total for c in counts):
                break
            if time.monotonic() - started > 600:
                print(f"gave up: tables hold {counts} of {total}", file=sys.stderr)
                return 1
            time.sleep(0.05)
        done = time.monotonic()
        fns = {f["name"]: f for f in json.loads(cli(a.binary, data_dir, "function", "list", "--json"))}
        kind = "built-in Swift" if a.builtin else "Python"
        print(f"{total} sign-ups, {kind} workers, {'in memory' if a.memory else 'durable'}, {a.clients} clients")
        print(f"  gateway acknowledged {acknowledged[0]} in {sent_at - started:.2f} s: {acknowledged[0] / (sent_at - started):,.0f}/s")
        print(f"  end to end (both tables hold every user): {done - started:.2f} s: {total / (done - started):,.0f} sign-ups/s")
        for name in workers:
            f = fns[name]
            print(f"  {name}: {f['invocations']} invocations, {f.get('coldStarts', 0) or 0} cold starts, "
                  f"duration p50 {f.get('durationP50') or 0:.0f} ms p99 {f.get('durationP99') or 0:.0f} ms, errors {f['errors']}")
        return 0
    finally:
        engine.terminate()
        engine.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
