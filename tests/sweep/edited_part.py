"""A sweep part edited after it was written, its SHA-256 header recomputed so that the
checksum holds: a Sobol value set to NaN, or to -3e248 (finite, but its square overflows the
variance), is refused by merge (exit 4, naming the file), not carried into sobol.csv (exit 5
before). Usage: edited_part.py CARECAST WORKDIR OUT."""
import hashlib
import math
import os
import shutil
import struct
import subprocess
import sys

carecast, workdir, out = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
parts = []
for i in (1, 2):
    part = os.path.join(out, f"part-{i}")
    subprocess.run([carecast, "sweep", "tests/fixtures/sweep/small.yaml", "--draws", "200", "--shard", f"{i}/2",
                    "--out", part, "--quiet"], cwd=workdir, check=True)
    parts.append(part)

original = open(parts[1], "rb").read()
for edited_value in (float("nan"), -3e248):
    data = bytearray(original)
    magic_end = data.index(b"\n") + 1
    header_end = data.index(b"\n", magic_end) + 1
    body = data[header_end:]
    # The body ends with the last scenario's tornado array (a uint64 count, then the doubles),
    # right after its Sobol array: find the count that fits, then the last Sobol value before it.
    end = len(body)
    count = next(n for n in range(1, 100000) if struct.unpack_from("<Q", body, end - 8 * n - 8)[0] == n)
    last_sobol = end - 8 * count - 8 - 8
    assert math.isfinite(struct.unpack_from("<d", body, last_sobol)[0]), "the shard holds no Sobol rows"
    struct.pack_into("<d", body, last_sobol, edited_value)
    header = b"sha256 " + hashlib.sha256(bytes(body)).hexdigest().encode() + b"\n"
    open(parts[1], "wb").write(bytes(data[:magic_end]) + header + bytes(body))

    merged = os.path.join(out, "merged")
    result = subprocess.run([carecast, "merge", parts[0], parts[1], "--out", merged, "--quiet"],
                            cwd=workdir, capture_output=True, text=True)
    if result.returncode != 4 or "results that are not finite numbers" not in result.stderr or os.path.exists(merged):
        print(f"{edited_value}: exit {result.returncode}, expected 4 with a refusal of the results\n{result.stderr}",
              file=sys.stderr)
        sys.exit(1)
