"""What the benchmark scripts share: the stand-ins of tests/fakes as processes on loopback, their
control APIs, and ytmonitor started against them (bench/crash/run, bench/soak/run)."""
import json, os, sqlite3, subprocess, time, urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FAKES = REPO / "tests" / "fakes"
BINARY = os.environ.get("YTMONITOR", str(REPO / "build" / "bin" / "ytmonitor"))


def start(argv, log, env=None, cwd=None):
    out = open(log, "w")
    return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env, cwd=cwd)


def first_line(path, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = Path(path).read_text() if Path(path).exists() else ""
        if "\n" in text:
            return text.split("\n", 1)[0]
        time.sleep(0.05)
    raise RuntimeError(f"no port in {path}")


def start_stand_in(name, work, *flags):
    """tests/fakes/NAME on a free port: (process, port)."""
    proc = start(["python3", str(FAKES / name), "--port", "0", *flags], work / f"{name}.log")
    return proc, int(first_line(work / f"{name}.log"))


def http(port, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def task_calls(model_port):
    stats = http(model_port, "/_control/stats")
    return sum(stats["calls"].values()), stats["in_flight"]


def query(db, sql):
    """Rows of sql on the daemon's database, [] while it does not exist yet."""
    if not Path(db).exists():
        return []
    c = sqlite3.connect(db, timeout=30)
    try:
        return c.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        c.close()


def finished_videos(db):
    rows = query(db, "SELECT count(*) FROM videos WHERE state IN ('done','failed','skipped')")
    return rows[0][0] if rows else 0


def calls_by_state(db):
    return dict(query(db, "SELECT state, count(*) FROM model_calls GROUP BY state"))


def documents(out):
    return [p for p in Path(out).rglob("*.md") if p.name != "index.md"]


def anthropic_model(model_port):
    return f"  backend: anthropic\n  base_url: http://127.0.0.1:{model_port}\n  api_key_env: YTM_BENCH_KEY\n"


def write_config(work, yt_port, model_lines, interval="1s", extra=""):
    """config.yaml for `ytmonitor run` against the stand-ins, translating to zh-CN; model_lines is the
    model section's body (anthropic_model(port), or the claude CLI's), extra more top-level lines."""
    (work / "config.yaml").write_text(
        f"state_dir: state\noutput_dir: out\nstatus:\n  listen: ''\n{extra}"
        f"youtube:\n  base_url: http://127.0.0.1:{yt_port}\n  poll_interval: {interval}\n  jitter: 0\n"
        f"transcript:\n  command: {FAKES / 'yt-dlp'}\n  min_interval: 0s\n"
        f"model:\n{model_lines}output:\n  language: zh-CN\n")
