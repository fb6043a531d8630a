#!/usr/bin/env python3
"""Loopback load test of `carecast serve`: 1, 8 and 32 concurrent clients each post the page's
request (the served productivity paths plus a what-if, POST /api/run?layout=columns) a fixed
number of times, one connection per request, and the latencies are reported as p50/p99.

Bounded twice, so it always stops by itself: each client sends at most --requests requests,
and no client starts a new request after --max-seconds (per concurrency level). Every answer
must be 200 with the five scenarios; otherwise the test fails. No latency limit is asserted
(speed targets live in bench/; docs/serve.md records measured figures with machine and load).

Usage: load_test.py CARECAST SOURCE_DIR [--clients 1,8,32] [--requests N] [--max-seconds S]
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import CarecastServer, fail  # noqa: E402


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, int(-(-p * len(sorted_values) // 100)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def page_request(server):
    """The body the page sends at start: the served file's scenarios and a what-if."""
    status, _, body = server.get("/api/scenario")
    if status != 200:
        fail(f"GET /api/scenario: {status}")
    tree = json.loads(body)["scenario"]
    tree["scenarios"].append({"name": "what-if", "parameters": {"productivity_pct": 1.0, "healthy_ageing": {"theta": 0.7}}})
    return json.dumps(tree).encode("utf-8")


def level(server, body, clients, requests, max_seconds):
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + max_seconds

    def client():
        for _ in range(requests):
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
            try:
                connection.request("POST", "/api/run?layout=columns", body=body,
                                   headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                data = response.read()
                elapsed = (time.perf_counter() - start) * 1000
                ok = response.status == 200 and len(json.loads(data)["scenarios"]) == 5
            except Exception as error:  # a refused or dropped connection is a failure too
                ok, elapsed, data = False, 0.0, repr(error).encode()
            finally:
                connection.close()
            with lock:
                (latencies if ok else errors).append(elapsed if ok else data[:300])

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        fail(f"{clients} clients: {len(errors)} failed requests, first: {errors[0]!r}")
    if not latencies:
        fail(f"{clients} clients: no request finished within {max_seconds} s")
    latencies.sort()
    return {"clients": clients, "requests": len(latencies), "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99), "max": latencies[-1], "per_second": len(latencies) / wall}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("carecast")
    parser.add_argument("source_dir")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--requests", type=int, default=5, help="requests per client (default 5)")
    parser.add_argument("--max-seconds", type=float, default=60, help="per concurrency level (default 60)")
    args = parser.parse_args()
    scenario = os.path.join(args.source_dir, "scenarios", "productivity.yaml")
    with CarecastServer(args.carecast, scenario) as server:
        body = page_request(server)
        print(f"load_test: POST /api/run?layout=columns, {len(body)} bytes, 5 scenarios; "
              f"up to {args.requests} requests per client, {args.max_seconds:g} s per level")
        print(f"{'clients':>8} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'req/s':>7}")
        for clients in (int(c) for c in args.clients.split(",")):
            r = level(server, body, clients, args.requests, args.max_seconds)
            print(f"{r['clients']:>8} {r['requests']:>9} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.1f} "
                  f"{r['per_second']:>7.1f}")
        status, _, _ = server.get("/api/schema")
        if status != 200:
            fail("the server does not answer after the load")
    print("load_test: ok")


if __name__ == "__main__":
    main()
