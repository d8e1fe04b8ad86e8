#!/usr/bin/env python3
"""OneWindow: Redis killed with kill -9 under a steady load of ticket commands, then started again.

The hall server runs with --redis on a Redis that fsyncs its append-only file before it answers (appendonly yes,
appendfsync always). Kiosks issue tickets and every window calls, starts and completes, without pause. Each round
kills Redis with SIGKILL mid-stream, leaves it down a few seconds, and starts it again on the same folder. Checked:

  - while Redis is down the hall refuses commands at once (503 JOURNAL_UNAVAILABLE) and /health/ready says so;
  - it serves again by itself once Redis is back (time from Redis's start to /health/ready 200 is printed);
  - every acknowledged ticket is there with its number and at least its acknowledged state, none lost;
  - no number is given to two tickets;
  - at the end the server is restarted from Redis alone and every acknowledged ticket is still there.

    mvn -B -q package -DskipTests
    python3 scripts/redis-restart-under-load.py [--rounds 3] [--seconds 10] [--down 3] [--kiosks 6]

The Redis server is REDIS_SERVER, else redis-server on the PATH, else the Linux x86-64 binary inside the
embedded-redis jar of the local Maven repository (the one the tests use). Prints one line per round and a summary;
exits 1 if anything acknowledged was lost, a number was given twice, or the hall did not serve again by itself.
"""
import argparse, glob, os, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time, zipfile

from onewindow_server import call, start, tokens


def redis_binary(workdir):
    if os.environ.get("REDIS_SERVER"):
        return os.environ["REDIS_SERVER"]
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    jars = sorted(glob.glob(os.path.expanduser(
        "~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar")))
    for jar in reversed(jars):
        with zipfile.ZipFile(jar) as z:
            names = [n for n in z.namelist() if re.search(r"redis-server-[\d.]+(-v\d+)?-linux-amd64$", n)]
            if names:
                out = os.path.join(workdir, "redis-server")
                with z.open(names[0]) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                os.chmod(out, 0o755)
                return out
    raise SystemExit("no redis-server: set REDIS_SERVER, put redis-server on the PATH, or build once with Maven")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(binary, port, folder):
    p = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                          "--appendfsync", "always", "--dir", folder], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return p
        except OSError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")








def code(body):
    return (body or {}).get("error", {}).get("code")


def check(port, kiosk, acked):
    """Acknowledged tickets missing, renumbered or gone back in state; numbers given twice."""
    order = {"WAITING": 0, "CALLED": 1, "SERVING": 2, "COMPLETED": 3}
    lost = []
    for tid, (number, state) in list(acked.items()):
        s, t = call(port, "GET", f"/api/v1/halls/demo/tickets/{tid}", kiosk)
        if s != 200 or t["number"] != number or order.get(t["state"], 9) < order[state]:
            lost.append((tid, number, state, s, t and t.get("state")))
    numbers = [n for n, _ in acked.values()]
    twice = len(numbers) - len(set(numbers))
    return lost, twice


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--rounds", type=int, default=3)
    a.add_argument("--seconds", type=float, default=10, help="load before each kill")
    a.add_argument("--down", type=float, default=3, help="seconds Redis stays down")
    a.add_argument("--kiosks", type=int, default=6)
    args = a.parse_args()
    work = tempfile.mkdtemp(prefix="onewindow-redis-restart-")
    data, folder = os.path.join(work, "data"), os.path.join(work, "redis")
    os.makedirs(folder)
    binary = redis_binary(work)
    rport = free_port()
    redis_url = f"redis://127.0.0.1:{rport}"
    redis = start_redis(binary, rport, folder)
    proc, port = start(data, "--redis", redis_url, hint=" (is Redis append-only with appendfsync always?)")
    kiosk, windows = tokens(data)
    for w in windows:
        call(port, "POST", f"/api/v1/halls/demo/windows/{w}/open", windows[w],
             {"staff": {"id": "07" + w, "name": "王营定"}})
    acked = {}        # ticket id -> (number, state acknowledged last)
    lock = threading.Lock()
    failed = False
    try:
        for rnd in range(1, args.rounds + 1):
            stop = threading.Event()
            counts = {"issued": 0, "called": 0, "refused": 0, "other": 0}
            others = []

            def answer(s, body):
                if s == 503 and code(body) == "JOURNAL_UNAVAILABLE":
                    counts["refused"] += 1
                    time.sleep(0.02)
                elif s not in (200, 201, 204, 409, 429):
                    counts["other"] += 1
                    others.append((s, code(body)))

            def kiosk_loop(i):
                cats = ["A", "B", "C"]
                n = 0
                while not stop.is_set():
                    s, t = call(port, "POST", "/api/v1/halls/demo/tickets", kiosk, {"category": cats[(i + n) % 3]})
                    n += 1
                    if s == 201:
                        with lock:
                            acked[t["id"]] = (t["number"], "WAITING")
                            counts["issued"] += 1
                    else:
                        answer(s, t)

            def window_loop(w):
                while not stop.is_set():
                    s, t = call(port, "POST", f"/api/v1/halls/demo/windows/{w}/call-next", windows[w])
                    if s == 200:
                        with lock:
                            acked[t["id"]] = (t["number"], "CALLED")
                            counts["called"] += 1
                        for step, state in (("start", "SERVING"), ("complete", "COMPLETED")):
                            s2, t2 = call(port, "POST", f"/api/v1/halls/demo/windows/{w}/{step}", windows[w])
                            if s2 == 200:
                                with lock:
                                    acked[t2["id"]] = (t2["number"], state)
                            else:
                                answer(s2, t2)
                    else:
                        answer(s, t)
                        if s == 409:   # the window may still hold a ticket whose next step was refused: finish it
                            for step, state in (("start", "SERVING"), ("complete", "COMPLETED")):
                                s2, t2 = call(port, "POST", f"/api/v1/halls/demo/windows/{w}/{step}", windows[w])
                                if s2 == 200:
                                    with lock:
                                        acked[t2["id"]] = (t2["number"], state)
                        time.sleep(0.01)

            threads = [threading.Thread(target=kiosk_loop, args=(i,)) for i in range(args.kiosks)]
            threads += [threading.Thread(target=window_loop, args=(w,)) for w in windows]
            for t in threads:
                t.start()
            time.sleep(args.seconds)
            redis.send_signal(signal.SIGKILL)   # mid-stream: no shutdown, no last write
            redis.wait()
            killed = time.time()
            said = None
            while time.time() - killed < args.down:
                s, body = call(port, "GET", "/health/ready")
                if said is None and s == 503:
                    said = code(body)
                time.sleep(0.1)
            redis = start_redis(binary, rport, folder)
            back = time.time()
            ready_s = None
            while time.time() - back < 60:
                if call(port, "GET", "/health/ready")[0] == 200:
                    ready_s = time.time() - back
                    break
                time.sleep(0.05)
            issued_before = counts["issued"]
            time.sleep(min(args.seconds, 5))   # the load goes on after the restart
            issued_after = counts["issued"] - issued_before
            stop.set()
            for t in threads:
                t.join()
            lost, twice = check(port, kiosk, acked)
            q = call(port, "GET", "/api/v1/halls/demo/queue")[1] or {}
            ok = not lost and not twice and ready_s is not None and issued_after > 0
            failed |= not ok
            print(f"round {rnd}: issued {counts['issued']}, called {counts['called']}; Redis killed; /health/ready "
                  f"said {said} while down; refused at once {counts['refused']}; serving again "
                  f"{'%.1f s' % ready_s if ready_s is not None else 'NOT'} after Redis started "
                  f"({issued_after} tickets issued after); other answers {counts['other']} {sorted(set(others))[:5]}; "
                  f"seq {q.get('seq')}; acknowledged tickets checked {len(acked)}, lost {len(lost)}, "
                  f"numbers given twice {twice}", flush=True)
            for l in lost[:10]:
                print("  lost:", l)
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        proc, port = start(data, "--redis", redis_url, hint=" (is Redis append-only with appendfsync always?)")
        lost, twice = check(port, kiosk, acked)
        failed |= bool(lost or twice)
        q = call(port, "GET", "/api/v1/halls/demo/queue")[1] or {}
        print(f"server restarted from Redis: seq {q.get('seq')}; acknowledged tickets checked {len(acked)}, "
              f"lost {len(lost)}, numbers given twice {twice}")
        print(f"summary: {args.rounds} Redis kills, {len(acked)} acknowledged tickets, "
              f"{'nothing lost, no number twice, served again by itself each time' if not failed else 'FAILED'}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
