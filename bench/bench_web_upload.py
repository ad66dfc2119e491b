"""A supervising office's ZIP through the web app: ``--n`` generated reports (text, HTML, DOCX and
OFD in turn, a folder per organ) in one ZIP, uploaded to ``ogi serve`` (a subprocess on loopback,
``--workers`` reading processes) as the upload page sends it, then followed on the batch's page data
until every member is read.

    python bench/bench_web_upload.py [--n 500] [--workers 2]

Prints the upload (seconds, MiB/s: sent, received, the members queued) and the reading (files/s,
MiB/s, as ``/batches/ID.json`` reports them in ``progress``).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_batch import render

from webtools import PASSWORD, free_port


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(a.n):
                ext, data = render(i)
                z.writestr(f"机关{i:04d}/{i:04d}年度报告.{ext}", data)
        body = buf.getvalue()
        db = f"sqlite:///{root / 'web.db'}"
        env = {**os.environ, "OGI_PASSWORD": PASSWORD}
        subprocess.run(
            [sys.executable, "-m", "ogi", "user", "add", "rita", "--role", "reviewer", "--db", db],
            check=True,
            env=env,
            capture_output=True,
        )
        port = free_port()
        cmd = [sys.executable, "-m", "ogi", "serve", "--db", db, "--port", str(port), "--workers", str(a.workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/login", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            c = httpx.Client(base_url=base, timeout=600)
            c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
            r = c.post("/login.json", json={"name": "rita", "password": PASSWORD})
            c.headers["X-CSRF-Token"] = r.json()["csrf"]
            t0 = time.perf_counter()
            r = c.post("/uploads.json", files=[("files", ("2024年报.zip", body))])
            r.raise_for_status()
            up = time.perf_counter() - t0
            batch = r.json()["batch"]
            mib = len(body) / 1048576
            print(f"{a.n} reports, ZIP {mib:.1f} MiB: uploaded and queued in {up:.1f}s ({mib / up:.2f} MiB/s)")
            while not (b := c.get(f"/batches/{batch}.json").json())["done"]:
                time.sleep(0.5)
            p = b["progress"]
            ok = sum(u["status"] == "done" for u in b["uploads"])
            print(
                f"read {p['done']} ({ok} reports) in {p['seconds']:.0f}s: {p['files_per_second']:.1f} files/s, "
                f"{p['bytes_per_second'] / 1048576:.2f} MiB/s ({a.workers} workers)"
            )
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
