#!/usr/bin/env python3
"""SQS calls per second through the AWS API (boto3): ingest versus moto.

Starts `ingest up` twice (in memory, and durable, the default) and moto's
server mode, waits for each to answer, then times, one target at a time and
with one boto3 client per target:

  * SendMessage, ReceiveMessage (MaxNumberOfMessages=1) and DeleteMessage,
    each for up to --messages calls (or --seconds, whichever comes first);
  * SendMessage into an empty queue versus into a queue pre-filled to
    --depth messages (pre-filled with SendMessageBatch, 10 per call).

Every figure includes boto3's own per-call cost (serialising, signing,
parsing), which is the same for every target. See bench/README.md.

Standard library plus boto3. Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - depends on the machine
    print("error: boto3 is not installed (pip install boto3)", file=sys.stderr)
    sys.exit(2)

REPO = Path(__file__).resolve().parent.parent
BODY = json.dumps(
    {
        "user_id": "u-0000000000",
        "email": "someone@example.com",
        "name": "Benchmark User",
        "plan": "free",
        "source": "bench/aws_sqs_calls.py",
        "padding": "x" * 96,
    }
)


class StartError(Exception):
    """A target did not come up; the message is the one line to print."""


# --------------------------------------------------------------------------
# Processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def last_line(path: Path) -> str:
    try:
        lines = [l.strip() for l in path.read_text(errors="replace").splitlines()]
    except OSError:
        return ""
    lines = [l for l in lines if l]
    return lines[-1] if lines else ""


def make_client(endpoint: str, *, quick: bool = False):
    config = Config(
        region_name="us-east-1",
        retries={"total_max_attempts": 1},  # a failed call is reported, never retried
        connect_timeout=1 if quick else 10,
        read_timeout=2 if quick else 60,
    )
    session = boto3.session.Session()
    return session.client(
        "sqs",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=config,
    )


@dataclass
class Target:
    name: str
    argv: list[str]
    port: int
    log: Path
    data_dir: Path | None = None
    proc: subprocess.Popen | None = None
    startup_s: float = 0.0
    exit_code: int | None = None
    killed: bool = False

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "wb")
        try:
            self.proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C here reaches us, not them
                cwd=REPO,
            )
        except OSError as e:
            raise StartError(f"{self.name} failed to start: {self.argv[0]}: {e.strerror}")
        finally:
            out.close()
        self.t0 = time.perf_counter()

    def wait_ready(self, timeout: float) -> None:
        """Poll ListQueues until it answers, the process exits, or the deadline passes."""
        assert self.proc is not None
        probe = make_client(self.endpoint, quick=True)
        deadline = self.t0 + timeout
        while True:
            code = self.proc.poll()
            if code is not None:
                why = last_line(self.log) or "no output"
                if "No module named" in why and "moto" in self.name:
                    why += " (pip install 'moto[server]')"
                raise StartError(f"{self.name} failed to start (exit {code}): {why} (log: {self.log})")
            try:
                probe.list_queues()
                break
            except ClientError:
                break  # it answered over HTTP; that is all we wait for
            except BotoCoreError:
                pass
            if time.perf_counter() >= deadline:
                why = last_line(self.log)
                raise StartError(
                    f"{self.name} failed to start: no answer on {self.endpoint} "
                    f"within {timeout:g} s" + (f", last output: {why}" if why else "")
                    + f" (log: {self.log})"
                )
            time.sleep(0.05)
        self.startup_s = time.perf_counter() - self.t0

    def stop(self, grace: float = 20.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            if self.proc is not None and self.exit_code is None:
                self.exit_code = self.proc.returncode
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.exit_code = self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.killed = True
            self.exit_code = self.proc.wait()


def ingest_target(binary: Path, name: str, memory: bool, root: Path) -> Target:
    data_dir = root / name.replace(" ", "-").replace("(", "").replace(")", "")
    data_dir.mkdir(parents=True)
    port = free_port()
    argv = [str(binary), "up", "--headless"]
    if memory:
        argv.append("--memory")
    argv += ["--data-dir", str(data_dir), "--port", "0", "--aws-listen", f"127.0.0.1:{port}"]
    return Target(name, argv, port, root / f"{data_dir.name}.log", data_dir=data_dir)


def moto_target(root: Path) -> Target:
    port = free_port()
    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    return Target("moto", argv, port, root / "moto.log")


# --------------------------------------------------------------------------
# Timing


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * q // 100))  # ceil(n*q/100), at least 1
    return sorted_values[int(rank) - 1]


@dataclass
class Row:
    target: str
    operation: str
    calls: int = 0
    errors: int = 0
    seconds: float = 0.0
    client_cpu_s: float = 0.0
    latencies: list[float] = field(default_factory=list, repr=False)
    note: str = ""
    depth: int | None = None  # queue depth when a depth-check phase began
    first_error: str = ""

    @property
    def calls_per_s(self) -> float:
        return self.calls / self.seconds if self.seconds > 0 else float("nan")

    def as_dict(self) -> dict:
        lat = sorted(self.latencies)
        return {
            "target": self.target,
            "operation": self.operation,
            "calls": self.calls,
            "errors": self.errors,
            "seconds": round(self.seconds, 4),
            "calls_per_s": round(self.calls_per_s, 1),
            "p50_ms": round(percentile(lat, 50) * 1e3, 3),
            "p99_ms": round(percentile(lat, 99) * 1e3, 3),
            "client_cpu_ms_per_call": round(self.client_cpu_s / self.calls * 1e3, 3) if self.calls else None,
            "depth": self.depth,
            "note": self.note,
            **({"first_error": self.first_error} if self.first_error else {}),
        }


def timed_calls(row: Row, count: int, budget_s: float, call) -> Row:
    """Run call(i) up to count times or until budget_s has passed; time each call."""
    clock = time.perf_counter
    cpu0 = time.process_time()
    start = clock()
    stop_at = start + budget_s
    for i in range(count):
        t = clock()
        try:
            call(i)
        except (BotoCoreError, ClientError) as e:
            row.errors += 1
            if not row.first_error:
                row.first_error = f"{type(e).__name__}: {e}"
        else:
            row.latencies.append(clock() - t)
        row.calls += 1
        if clock() >= stop_at:
            if row.calls < count:
                row.note = (row.note + "; " if row.note else "") + f"stopped at --seconds {budget_s:g}"
            break
    row.seconds = clock() - start
    row.client_cpu_s = time.process_time() - cpu0
    return row


def new_queue(sqs, label: str) -> str:
    name = f"bench-{label}-{uuid.uuid4().hex[:8]}"
    # A long visibility timeout: received messages must not come back while
    # the receive and delete phases run.
    return sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "3600"})["QueueUrl"]


def bench_target(t: Target, args, log) -> list[Row]:
    sqs = make_client(t.endpoint)
    rows: list[Row] = []

    # Warm-up, untimed: loads the service model, opens the connection, and
    # takes each operation's first-call costs on both sides.
    warm = new_queue(sqs, "warm")
    for _ in range(20):
        sqs.send_message(QueueUrl=warm, MessageBody=BODY)
    for _ in range(20):
        got = sqs.receive_message(QueueUrl=warm, MaxNumberOfMessages=1, WaitTimeSeconds=0)
        for m in got.get("Messages", []):
            sqs.delete_message(QueueUrl=warm, ReceiptHandle=m["ReceiptHandle"])

    # 1. Send, receive, delete: the same N messages through one queue.
    q = new_queue(sqs, "calls")
    n = args.messages
    log(f"  {t.name}: SendMessage x{n}")
    rows.append(
        timed_calls(Row(t.name, "SendMessage"), n, args.seconds,
                    lambda i: sqs.send_message(QueueUrl=q, MessageBody=BODY))
    )
    sent = rows[-1].calls - rows[-1].errors

    receipts: list[str] = []
    empty = 0

    def receive_one(_i: int) -> None:
        nonlocal empty
        got = sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=1, WaitTimeSeconds=0)
        msgs = got.get("Messages", [])
        if msgs:
            receipts.append(msgs[0]["ReceiptHandle"])
        else:
            empty += 1

    log(f"  {t.name}: ReceiveMessage x{sent}")
    r = timed_calls(Row(t.name, "ReceiveMessage (max 1)"), sent, args.seconds, receive_one)
    if empty:
        r.note = (r.note + "; " if r.note else "") + f"{empty} empty answers"
    rows.append(r)

    log(f"  {t.name}: DeleteMessage x{len(receipts)}")
    rows.append(
        timed_calls(Row(t.name, "DeleteMessage"), len(receipts), args.seconds,
                    lambda i: sqs.delete_message(QueueUrl=q, ReceiptHandle=receipts[i]))
    )

    # 2. Queue depth: SendMessage into an empty queue versus a deep one.
    p = args.probe
    q0 = new_queue(sqs, "depth0")
    log(f"  {t.name}: SendMessage x{p} at depth 0")
    r0 = timed_calls(Row(t.name, "SendMessage @ depth 0"), p, args.seconds,
                     lambda i: sqs.send_message(QueueUrl=q0, MessageBody=BODY))
    r0.depth = 0
    r0.note = (r0.note + "; " if r0.note else "") + f"fresh queue, depth 0 -> {r0.calls}"

    qd = new_queue(sqs, "deep")
    target_depth = args.depth
    batches = -(-target_depth // 10)
    log(f"  {t.name}: pre-fill to {target_depth} (SendMessageBatch x{batches}, "
        f"at most {args.prefill_seconds:g} s)")
    entries = [{"Id": str(k), "MessageBody": BODY} for k in range(10)]

    def batch(i: int) -> None:
        size = min(10, target_depth - i * 10)
        out = sqs.send_message_batch(QueueUrl=qd, Entries=entries[:size])
        if out.get("Failed"):
            raise ClientError(
                {"Error": {"Code": "BatchEntryFailed", "Message": str(out["Failed"][0])}},
                "SendMessageBatch",
            )

    fill = timed_calls(Row(t.name, "SendMessageBatch (pre-fill, 10/call)"),
                       batches, args.prefill_seconds, batch)
    depth = min(target_depth, (fill.calls - fill.errors) * 10)
    fill.note = f"{depth} messages in {fill.seconds:.1f} s = {depth / fill.seconds:,.0f} msg/s" \
        if fill.seconds > 0 else ""
    if depth < target_depth:
        fill.note += f"; capped by --prefill-seconds {args.prefill_seconds:g} (asked {target_depth})"

    log(f"  {t.name}: SendMessage x{p} at depth {depth}")
    rd = timed_calls(Row(t.name, f"SendMessage @ depth {depth}"), p, args.seconds,
                     lambda i: sqs.send_message(QueueUrl=qd, MessageBody=BODY))
    rd.depth = depth
    rd.note = (rd.note + "; " if rd.note else "") + f"depth {depth} -> {depth + rd.calls}"

    rows += [r0, fill, rd]
    return rows


# --------------------------------------------------------------------------
# Output


def table(rows: list[Row]) -> str:
    head = ["target", "operation", "calls", "calls/s", "p50 ms", "p99 ms", "client cpu ms", "errors", "note"]
    body = []
    for r in rows:
        d = r.as_dict()
        body.append([
            d["target"], d["operation"], str(d["calls"]), f"{d['calls_per_s']:,.0f}",
            f"{d['p50_ms']:.2f}", f"{d['p99_ms']:.2f}", f"{d['client_cpu_ms_per_call']:.2f}",
            str(d["errors"]), d["note"],
        ])
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    right = {2, 3, 4, 5, 6, 7}

    def fmt(cells: list[str]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(out).rstrip()

    lines = [fmt(head), "  ".join("-" * w for w in widths)]
    lines += [fmt(b) for b in body]
    return "\n".join(lines)


def pick_binary(given: str | None) -> tuple[Path, str]:
    if given:
        path = Path(given)
        kind = "release" if "/release/" in str(path.resolve()) else (
            "debug" if "/debug/" in str(path.resolve()) else "given")
        return path, kind
    release = REPO / ".build" / "release" / "ingest"
    if release.exists():
        return release, "release"
    return REPO / ".build" / "debug" / "ingest", "debug"


def main() -> int:
    ap = argparse.ArgumentParser(
        description="SQS calls/s through boto3: ingest (memory and durable) versus moto server mode.")
    ap.add_argument("--ingest", metavar="PATH",
                    help="ingest binary (default .build/release/ingest if it exists, else .build/debug/ingest)")
    ap.add_argument("--messages", type=int, default=2000, metavar="N",
                    help="SendMessage calls, then as many receives and deletes (default 2000)")
    ap.add_argument("--seconds", type=float, default=15.0, metavar="N",
                    help="upper bound of each timed phase; a phase stops at its call count "
                         "or after N seconds, whichever comes first (default 15)")
    ap.add_argument("--depth", type=int, default=10000, metavar="N",
                    help="queue depth for the depth check, pre-filled with SendMessageBatch (default 10000)")
    ap.add_argument("--prefill-seconds", type=float, default=30.0, metavar="N",
                    help="stop pre-filling a target after N seconds and measure at the depth reached (default 30)")
    ap.add_argument("--probe", type=int, default=500, metavar="N",
                    help="SendMessage calls timed at depth 0 and at --depth (default 500)")
    ap.add_argument("--start-timeout", type=float, default=60.0, metavar="N",
                    help="seconds to wait for each target to answer (default 60)")
    ap.add_argument("--skip-moto", action="store_true", help="only benchmark ingest")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data directories and logs")
    args = ap.parse_args()
    for name in ("messages", "depth", "probe"):
        if getattr(args, name) < 1:
            ap.error(f"--{name} must be at least 1")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    binary, kind = pick_binary(args.ingest)
    if not binary.is_file() or not os.access(binary, os.X_OK):
        print(f"error: ingest binary not found or not executable: {binary}", file=sys.stderr)
        return 1

    root = Path(tempfile.mkdtemp(prefix="ingest-sqs-bench-"))
    targets = [
        ingest_target(binary, "ingest (memory)", True, root),
        ingest_target(binary, "ingest (durable)", False, root),
    ]
    if not args.skip_moto:
        targets.append(moto_target(root))

    log(f"ingest binary: {binary} ({kind} build)")
    log(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; scratch {root}")

    rows: list[Row] = []
    code = 0
    wall0 = time.perf_counter()
    try:
        # Start everything first so a target that cannot start fails the run
        # before any time is spent measuring; the idle ones wait while one
        # target at a time is measured.
        for t in targets:
            t.start()
        for t in targets:
            t.wait_ready(args.start_timeout)
            log(f"{t.name}: answering on {t.endpoint} after {t.startup_s:.2f} s")
        for t in targets:
            log(f"measuring {t.name}")
            rows += bench_target(t, args, log)
    except StartError as e:
        print(f"error: {e}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        code = 130
    except (BotoCoreError, ClientError) as e:
        print(f"error: a setup call failed: {type(e).__name__}: {e}", file=sys.stderr)
        code = 1
    finally:
        for t in targets:
            t.stop()
            if t.proc is not None and not code:
                how = "killed after 20 s" if t.killed else f"exit {t.exit_code}"
                log(f"{t.name}: stopped ({how})")
        if args.keep:
            log(f"logs and data kept in {root}")
        elif code:
            # Keep the logs the error line points at; drop the engines' data.
            for t in targets:
                if t.data_dir is not None:
                    shutil.rmtree(t.data_dir, ignore_errors=True)
        else:
            shutil.rmtree(root, ignore_errors=True)
    if code:
        return code

    total = time.perf_counter() - wall0
    if args.json:
        print(json.dumps({
            "ingest_binary": str(binary),
            "ingest_build": kind,
            "boto3": boto3.__version__,
            "botocore": botocore.__version__,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "settings": {"messages": args.messages, "seconds": args.seconds, "depth": args.depth,
                         "prefill_seconds": args.prefill_seconds, "probe": args.probe},
            "startup_s": {t.name: round(t.startup_s, 3) for t in targets},
            "total_s": round(total, 1),
            "results": [r.as_dict() for r in rows],
        }, indent=2))
    else:
        print(f"ingest binary: {binary} ({kind} build); boto3 {boto3.__version__}; {os.cpu_count()} CPUs")
        print(table(rows))
        print(f"total {total:.0f} s; latencies are per boto3 call, client overhead included")
    failed = [r for r in rows if r.errors]
    for r in failed:
        print(f"warning: {r.target} {r.operation}: {r.errors} failed calls, first: {r.first_error}",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
