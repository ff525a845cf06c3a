#!/usr/bin/env python3
"""Swap latency of Spark Control against the simulated Sparks (docs/PERFORMANCE.md, "LLM lifecycle").

Measures, over several swaps:
  * ready delay: from vLLM writing "Application startup complete." (docker's timestamp of that line, carried as
    "at" in the swap-log event) to GET /api/swap first answering READY (polled every 20 ms);
  * log delay: from vLLM writing any line (its docker timestamp) to its swap-log event arriving on /api/events.
Baselines in the same run: the configured log-poll interval (the design's period; a poller's expected median delay
is about half of it plus one SSH round trip) and the HTTP round trip of GET /api/swap.

The simulated Sparks run in the same JVM as Spark Control, so docker's timestamps and this script share the clock.

Usage: start the demo (./mvnw spring-boot:run -Dspring-boot.run.profiles=demo), then
    python3 bench/llm/swap_latency.py [--base http://localhost:8080] [--swaps 6] [--models a,b] [--poll-interval 1.0]
"""
import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone


def parse_at(text):
    # docker's RFC3339Nano, e.g. 2026-11-29T08:00:00.123456789Z -> epoch seconds (microsecond precision is plenty)
    head, _, frac = text.rstrip("Z").partition(".")
    seconds = datetime.strptime(head, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
    return seconds + (float("0." + frac) if frac else 0.0)


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class EventListener(threading.Thread):
    """Reads /api/events and records (arrival time, event) for swap-log and swap-progress events."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base = base
        self.events = []
        self.lock = threading.Lock()
        self.connected = threading.Event()

    def run(self):
        request = urllib.request.Request(self.base + "/api/events", headers={"Accept": "text/event-stream"})
        with urllib.request.urlopen(request, timeout=3600) as stream:
            self.connected.set()
            data = []
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data:"):
                    data.append(line[5:].lstrip())
                elif line == "" and data:
                    arrived = time.time()
                    envelope = json.loads("\n".join(data))
                    data = []
                    if envelope.get("type") in ("swap-log", "swap-progress"):
                        with self.lock:
                            self.events.append((arrived, envelope["type"], envelope["data"]))

    def take(self, swap_id):
        with self.lock:
            return [e for e in self.events if e[2].get("swapId") == swap_id]


def ensure_on_disk(base, model_id):
    status, models = call(base, "GET", "/api/models")
    card = next(m for m in models if m["id"] == model_id)
    if card["onDisk"]:
        return
    print(f"downloading {card['repo']} first ...", file=sys.stderr)
    status, started = call(base, "POST", "/api/downloads", {"repo": card["repo"]})
    while True:
        time.sleep(1)
        status, d = call(base, "GET", "/api/downloads/" + started["downloadId"])
        if d["state"] != "RUNNING":
            if d["state"] != "SUCCEEDED":
                sys.exit(f"download of {card['repo']} ended {d['state']}: {d.get('error')}")
            return


def one_swap(base, listener, model_id):
    status, body = call(base, "POST", f"/api/models/{model_id}/switch")
    if status != 202:
        sys.exit(f"switch to {model_id}: HTTP {status} {body}")
    swap_id = body["swapId"]
    ready_seen = None
    while True:
        status, swap = call(base, "GET", "/api/swap")
        now = time.time()
        if swap["state"] == "READY":
            ready_seen = now
            break
        if swap["state"] in ("FAILED", "CANCELLED"):
            sys.exit(f"swap to {model_id} ended {swap['state']}: {swap.get('error')}")
        time.sleep(0.02)
    time.sleep(0.5)  # let the last events arrive
    events = listener.take(swap_id)
    lines = [(arrived, e) for arrived, kind, e in events if kind == "swap-log" and e.get("at")]
    log_delays = [arrived - parse_at(e["at"]) for arrived, e in lines]
    ready_line = next(e for _, e in lines if "Application startup complete." in e["line"])
    ready_delay = ready_seen - parse_at(ready_line["at"])
    seqs = [e["seq"] for _, kind, e in events if kind == "swap-log"]
    duplicates = len(seqs) - len(set(seqs))
    gaps = (max(seqs) - min(seqs) + 1 - len(set(seqs))) if seqs else 0
    return ready_delay, log_delays, duplicates, gaps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--swaps", type=int, default=6)
    parser.add_argument("--models", default="qwen3.6-35b-a3b-fp8,nemotron-3-nano-nvfp4")
    parser.add_argument("--poll-interval", type=float, default=1.0, help="spark-control.llm.log-poll-interval in seconds")
    args = parser.parse_args()
    models = args.models.split(",")
    for model in models:
        ensure_on_disk(args.base, model)

    rtts = []
    for _ in range(20):
        start = time.time()
        call(args.base, "GET", "/api/swap")
        rtts.append(time.time() - start)

    listener = EventListener(args.base)
    listener.start()
    listener.connected.wait(10)
    ready_delays, log_delays, duplicates, gaps = [], [], 0, 0
    for i in range(args.swaps):
        ready, logs, dup, gap = one_swap(args.base, listener, models[i % len(models)])
        ready_delays.append(ready)
        log_delays.extend(logs)
        duplicates += dup
        gaps += gap
        print(f"swap {i + 1}/{args.swaps} to {models[i % len(models)]}: ready delay {ready:.3f} s, "
              f"median log delay {statistics.median(logs):.3f} s over {len(logs)} lines", file=sys.stderr)

    def q(values, p):
        return sorted(values)[min(len(values) - 1, int(p * len(values)))]

    result = {
        "swaps": args.swaps,
        "ready_delay_s": {"median": statistics.median(ready_delays), "p90": q(ready_delays, 0.9), "max": max(ready_delays)},
        "log_delay_s": {"lines": len(log_delays), "median": statistics.median(log_delays), "p90": q(log_delays, 0.9),
                        "max": max(log_delays)},
        "baseline": {"log_poll_interval_s": args.poll_interval, "api_swap_rtt_median_s": statistics.median(rtts)},
        "ratio_to_poll_interval": {"ready": statistics.median(ready_delays) / args.poll_interval,
                                   "log": statistics.median(log_delays) / args.poll_interval},
        "duplicated_lines": duplicates,
        "missing_lines": gaps,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
