"""API fuzzing with Schemathesis against a real server (gunicorn) holding the demo company's data.

Every operation in /api/openapi.json is called by an anonymous caller and by each role, with generated
valid and invalid input; a server error (5xx) or a response that breaks its declared schema fails the run.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEMO_PASSWORD = "fixloop-demo"
DEMO_PARTNER_KEY = "flp_demo_dealer_east_2026"
ROLES = ("customer", "agent", "dispatcher", "engineer", "warehouse", "manager")
CHECKS = "not_a_server_error,response_schema_conformance"


@dataclass
class CallerResult:
    caller: str
    exit_code: int
    summary: str


def add_arguments(parser, *, examples: int, report_dir) -> None:
    """The options `fixloop fuzz` (CI's bounded run) and `fixloop bench fuzz` (the long form) share."""
    parser.add_argument("--examples", type=int, default=examples, help="Generated cases per operation and caller.")
    parser.add_argument("--max-time", type=int, default=None, help="Seconds per caller (repeats fuzzing).")
    parser.add_argument("--report-dir", type=Path, default=report_dir, help="Write JUnit reports and outputs here.")
    parser.add_argument(
        "--phases", default="examples,coverage,fuzzing,stateful", help="Schemathesis phases (CI runs fuzzing only)."
    )
    parser.add_argument(
        "--callers",
        default=",".join(("anonymous", *ROLES, "partner")),
        help="Comma-separated: anonymous, the roles, partner.",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fixloop() -> list[str]:
    return [sys.executable, "-m", "fixloop.cli"]


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        FIXLOOP_DATA_DIR=str(data_dir),
        FIXLOOP_LOG_LEVEL="ERROR",
        # The fuzzer calls fast and often from one address: rate limits would only answer 429.
        FIXLOOP_TRACKING_RATE="100000/m",
        FIXLOOP_SIGNUP_RATE="100000/m",
        FIXLOOP_LOGIN_FAILURE_LIMIT="100000",
    )
    return env


def _post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _wait_ready(base: str, server: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    """Generous: on a loaded 2-core machine the first import of the numeric libraries is slow."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited before it was ready:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/health/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not become ready:\n{log.read_text()[-3000:]}")


def _failures(text: str) -> str:
    """The failure details Schemathesis prints between its FAILURES and SUMMARY headings."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "FAILURES" in line), None)
    end = next((i for i, line in enumerate(lines) if "SUMMARY" in line), len(lines))
    return "\n".join(lines[start:end]) if start is not None else text[-4000:]


def run(
    examples: int,
    max_time: int | None,
    out,
    report_dir: Path | None = None,
    *,
    phases: str = "examples,coverage,fuzzing,stateful",
    callers: tuple[str, ...] = ("anonymous", *ROLES, "partner"),
) -> list[CallerResult]:
    data_dir = Path(tempfile.mkdtemp(prefix="fixloop-fuzz-"))
    env = _env(data_dir)
    subprocess.run([*_fixloop(), "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = data_dir / "server.log"
    server = subprocess.Popen(
        [*_fixloop(), "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"),
    )  # fmt: skip
    results = []
    try:
        _wait_ready(base, server, log)
        for caller in callers:
            if caller == "anonymous":
                headers = []
            elif caller == "partner":
                headers = ["-H", f"X-API-Key: {DEMO_PARTNER_KEY}"]
            else:
                body = {"username": caller, "password": DEMO_PASSWORD}
                headers = [
                    "-H",
                    f"Authorization: Bearer {_post_json(f'{base}/api/auth/token', body)['token']}",
                ]
            command = [
                shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis",
                "run", f"{base}/api/openapi.json", "--checks", CHECKS, "--max-examples", str(examples),
                "--workers", "1", "--no-color", "--seed", "2026", "--generation-database", "none",
                "--suppress-health-check", "all", "--continue-on-failure", "--phases", phases, *headers,
            ]  # fmt: skip
            if max_time:
                command += ["--max-time", str(max_time)]
            if report_dir is not None:
                command += [
                    "--report",
                    "junit",
                    "--report-junit-path",
                    str(report_dir / f"fuzz-{caller}.xml"),
                ]
            done = subprocess.run(command, capture_output=True, text=True)
            tail = [line.strip("= ") for line in done.stdout.splitlines() if line.strip()][-1:]
            results.append(CallerResult(caller, done.returncode, " | ".join(tail)))
            out.write(f"{caller:<10} exit {done.returncode}  {' | '.join(tail)}\n")
            if report_dir is not None:
                (report_dir / f"fuzz-{caller}.txt").write_text(done.stdout + done.stderr)
            if done.returncode != 0:
                out.write(_failures(done.stdout) + "\n")
            out.flush()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    return results
