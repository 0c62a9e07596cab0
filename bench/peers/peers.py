#!/usr/bin/env python3
"""The sign-up pipeline's work on ingest and on the emulators users would pick, side by side.

Installs moto's server mode and MiniStack into a throwaway virtual environment, starts each on loopback
(and ingest's AWS endpoint), and runs the same boto3 work against each: publish sign-ups to a topic
with two raw SQS subscriptions; consumers receive, write each to its table, delete. Then runs
`ingest bench pipeline` (the same pipeline in process, through ingest's own gateway) and prints one table.

    python3 bench/peers/peers.py [--count N] [--ingest PATH] [--venv DIR] [--skip TARGET ...] [--json]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# ---------------------------------------------------------------- the work, run inside the venv


def workload(endpoint, count, publishers, consumers):
    import boto3
    from botocore.config import Config

    cfg = Config(retries={"max_attempts": 1}, max_pool_connections=64)
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test", config=cfg)
    sns, sqs, ddb = boto3.client("sns", **kw), boto3.client("sqs", **kw), boto3.client("dynamodb", **kw)
    run = f"peers{int(time.time())}"
    topic = sns.create_topic(Name=f"{run}-signups")["TopicArn"]
    queues, tables = [], []
    for branch in ("metadata", "onboarding"):
        url = sqs.create_queue(QueueName=f"{run}-{branch}", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
        table = f"{run}_{branch}"
        ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "user_id", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "user_id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        queues.append(url)
        tables.append(table)

    sent_at = [0.0] * count
    arrived = [[0.0] * count for _ in tables]
    done = [0, 0]
    lock = threading.Lock()
    next_n = [0]
    stop = threading.Event()

    def publisher():
        client = boto3.client("sns", **kw)
        while True:
            with lock:
                n = next_n[0]
                next_n[0] += 1
            if n >= count:
                return
            sent_at[n] = time.perf_counter()
            client.publish(TopicArn=topic, Message=json.dumps({"user_id": f"u{n}", "email": f"b{n}@example.com", "username": f"bench{n}"}))

    def consumer(i):
        q, t = boto3.client("sqs", **kw), boto3.client("dynamodb", **kw)
        while not stop.is_set():
            got = q.receive_message(QueueUrl=queues[i], MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
            for m in got:
                body = json.loads(m["Body"])
                t.put_item(TableName=tables[i], Item={"user_id": {"S": body["user_id"]}, "email": {"S": body["email"]}})
                arrived[i][int(body["user_id"][1:])] = time.perf_counter()
            if got:
                q.delete_message_batch(QueueUrl=queues[i], Entries=[{"Id": str(k), "ReceiptHandle": m["ReceiptHandle"]} for k, m in enumerate(got)])
                with lock:
                    done[i] += len(got)

    threads = [threading.Thread(target=consumer, args=(i,), daemon=True) for i in range(len(queues)) for _ in range(consumers)]
    for th in threads:
        th.start()
    started = time.perf_counter()
    pubs = [threading.Thread(target=publisher) for _ in range(publishers)]
    for th in pubs:
        th.start()
    for th in pubs:
        th.join()
    deadline = time.perf_counter() + max(120, 4 * (time.perf_counter() - started))
    while time.perf_counter() < deadline and min(done) < count:
        time.sleep(0.01)
    stop.set()
    finished = max(max(a) for a in arrived)
    latencies = [(max(arrived[0][n], arrived[1][n]) - sent_at[n]) * 1000 for n in range(count) if arrived[0][n] and arrived[1][n]]
    complete = len(latencies)
    return {"count": count, "complete": complete, "seconds": finished - started,
            "signupsPerSecond": complete / (finished - started) if complete else 0.0,
            "p50Ms": percentile(latencies, 50), "p99Ms": percentile(latencies, 99)}


# ---------------------------------------------------------------- the orchestration


def ensure_venv(path, skip_install):
    python = os.path.join(path, "bin", "python")
    if skip_install and os.path.exists(python):
        return python
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", path], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "boto3", "moto[server]", "ministack"], check=True)
    return python


def wait_for(port, proc, what, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: {what} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"error: {what} did not listen on {port} within {seconds} s")


def start(target, python, ingest, scratch):
    port = free_port()
    log = open(os.path.join(scratch, f"{target}.log"), "w")
    env = dict(os.environ)
    if target == "moto":
        cmd = [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    elif target == "ministack":
        cmd = [os.path.join(os.path.dirname(python), "ministack")]
        env.update(GATEWAY_PORT=str(port), BIND_HOST="127.0.0.1")
    else:
        cmd = [ingest, "up", "--headless", "--data-dir", os.path.join(scratch, f"{target}-data"), "--port", "0",
               "--aws-listen", f"127.0.0.1:{port}"] + (["--memory"] if target == "ingest-memory" else [])
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    wait_for(port, proc, target)
    return proc, f"http://127.0.0.1:{port}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000, help="sign-ups per target (default 1000)")
    ap.add_argument("--publishers", type=int, default=4)
    ap.add_argument("--consumers", type=int, default=2, help="consumer threads per queue")
    ap.add_argument("--ingest", default=None, help="the ingest binary (default .build/release/ingest, else .build/debug/ingest)")
    ap.add_argument("--venv", default=os.path.join(tempfile.gettempdir(), "ingest-peers-venv"))
    ap.add_argument("--skip-install", action="store_true", help="use the venv as it is")
    ap.add_argument("--skip", nargs="*", default=[], choices=["moto", "ministack", "ingest", "ingest-memory", "pipeline"])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--workload", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.workload:
        print(json.dumps(workload(args.workload, args.count, args.publishers, args.consumers)))
        return

    ingest = args.ingest or next((p for p in (os.path.join(ROOT, ".build/release/ingest"), os.path.join(ROOT, ".build/debug/ingest")) if os.path.exists(p)), None)
    if ingest is None:
        raise SystemExit("error: no ingest binary: swift build -c release --product ingest")
    print(f"peers: venv {args.venv}", file=sys.stderr)
    python = ensure_venv(args.venv, args.skip_install)
    scratch = tempfile.mkdtemp(prefix="ingest-peers-")
    rows = []
    try:
        for target in ("moto", "ministack", "ingest", "ingest-memory"):
            if target in args.skip:
                continue
            print(f"peers: {target}, {args.count} sign-ups…", file=sys.stderr)
            proc, url = start(target, python, ingest, scratch)
            try:
                out = subprocess.run([python, os.path.abspath(__file__), "--workload", url, "--count", str(args.count),
                                      "--publishers", str(args.publishers), "--consumers", str(args.consumers)],
                                     capture_output=True, text=True, timeout=1800)
                if out.returncode != 0:
                    raise SystemExit(f"error: the workload against {target} failed:\n{out.stderr[-2000:]}")
                r = json.loads(out.stdout)
                label = {"ingest": "ingest AWS endpoint, durable (boto3)", "ingest-memory": "ingest AWS endpoint, --memory (boto3)"}.get(target, f"{target} (boto3)")
                r.update(target=label, peakRSSMB=peak_rss_mb(proc.pid))
                rows.append(r)
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        if "pipeline" not in args.skip:
            print("peers: ingest bench pipeline (sealed, in process)…", file=sys.stderr)
            out = subprocess.run([ingest, "bench", "pipeline", "--json", "--modes", "sealed", "--no-limits", "--count", str(max(20000, args.count))],
                                 capture_output=True, text=True, timeout=1800)
            if out.returncode != 0:
                raise SystemExit(f"error: ingest bench pipeline failed:\n{out.stderr[-2000:]}")
            p = json.loads(out.stdout)["results"][0]
            rows.append({"target": "ingest bench pipeline (gateway, sealed)", "count": p["offered"], "complete": p["accepted"],
                         "signupsPerSecond": p["endToEndPerSecond"], "p50Ms": p["latencyP50Ms"], "p99Ms": p["latencyP99Ms"], "peakRSSMB": p["peakRSSMB"]})
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    if args.json:
        print(json.dumps({"ingest": ingest, "rows": rows}, indent=2))
        return
    best = max((r["signupsPerSecond"] for r in rows if r["target"].startswith("ingest")), default=0)
    print(f"sign-ups end to end (publish to a topic with two raw SQS subscriptions; consumers write each to a table, delete); {ingest}")
    print(f"{'target':42} {'complete':>11} {'sign-ups/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'peak RSS MB':>12} {'ingest best / this':>19}")
    for r in rows:
        ratio = best / r["signupsPerSecond"] if r["signupsPerSecond"] else 0
        print(f"{r['target']:42} {r['complete']:>5}/{r['count']:<5} {r['signupsPerSecond']:>11.0f} {r['p50Ms']:>8.0f} {r['p99Ms']:>8.0f} {r['peakRSSMB']:>12.0f} {ratio:>18.1f}x")


if __name__ == "__main__":
    main()
