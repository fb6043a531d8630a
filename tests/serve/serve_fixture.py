"""Starts `carecast serve` on a free loopback port for a test and stops it again.

    with CarecastServer(carecast, scenario) as server:
        server.url        # "http://127.0.0.1:PORT"
        server.get(path), server.post(path, body, content_type)

The server is started with --port 0 (the kernel picks a free port; the server prints it on
its first stdout line) and stopped with SIGTERM; leaving the block checks that it stopped
cleanly (exit code 0). Only the standard library is used.
"""
import http.client
import json
import re
import signal
import subprocess
import sys
import time


class CarecastServer:
    def __init__(self, carecast, scenario, *extra):
        self.command = [carecast, "serve", scenario, "--port", "0", *extra]
        self.process = None
        self.port = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://([0-9.]+):(\d+)/", line)
        if not match:
            self.process.kill()
            _, err = self.process.communicate(timeout=10)
            raise RuntimeError(f"carecast serve did not start: {line!r} {err!r}")
        self.host, self.port = match.group(1), int(match.group(2))
        self.url = f"http://{self.host}:{self.port}"
        return self

    def __exit__(self, kind, value, traceback):
        self.process.send_signal(signal.SIGTERM)
        try:
            _, err = self.process.communicate(timeout=20)
            self.stderr = err
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError("carecast serve did not stop within 20 s of SIGTERM")
        if kind is None and self.process.returncode != 0:
            raise RuntimeError(f"carecast serve exited with {self.process.returncode}: {err}")
        return False

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, headers dict, body bytes) of one request on a fresh connection."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body, content_type="application/json"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.request("POST", path, body=body, headers={"Content-Type": content_type})

    def post_json(self, path, body, content_type="application/json"):
        status, headers, data = self.post(path, body, content_type)
        return status, json.loads(data)


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)
