#!/usr/bin/env python3
"""OneWindow: the hall server killed with kill -9 under a steady load of ticket commands, then restarted.

Every acknowledged ticket and call must be there after the restart, with the same number and state, and the
hall's sequence must have no gap (the restarted server replays the journal and refuses a gap).

    mvn -B -q package -DskipTests
    python3 scripts/kill9-under-load.py [--rounds 3] [--seconds 15] [--kiosks 8]

Prints one line per round and a summary; exits 1 if anything acknowledged was lost.
"""
import argparse, json, os, re, signal, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error

JAR = os.environ.get("ONEWINDOW_JAR") or os.path.join(os.path.dirname(__file__), "..", "display-server", "target",
                                                    "onewindow.jar")


def call(port, method, path, token=None, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode())
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        return e.code, None
    except Exception:
        return 0, None


def start(data):
    p = subprocess.Popen(["java", "-jar", JAR, "--port", "0", "--host", "127.0.0.1", "--data", data],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        m = re.search(r"ready on http://[^:]+:(\d+)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
            return p, int(m.group(1))
    raise SystemExit("the server did not start")


def tokens(data):
    with open(os.path.join(data, "demo-tokens.json")) as f:
        ts = json.load(f)["tokens"]
    kiosk = next(t["token"] for t in ts if t["role"] == "kiosk")
    windows = {t["window"]: t["token"] for t in ts if t["role"] == "window" and t.get("hall") == "demo"}
    return kiosk, windows


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--rounds", type=int, default=3)
    a.add_argument("--seconds", type=float, default=15)
    a.add_argument("--kiosks", type=int, default=8)
    args = a.parse_args()
    data = tempfile.mkdtemp(prefix="onewindow-kill9-")
    acked = {}        # ticket id -> (number, state acknowledged last)
    lock = threading.Lock()
    lost_total = 0
    proc, port = start(data)
    kiosk, windows = tokens(data)
    for w in windows:
        call(port, "POST", f"/api/v1/halls/demo/windows/{w}/open", windows[w],
             {"staff": {"id": "07" + w, "name": "王营定"}})
    for rnd in range(1, args.rounds + 1):
        stop = threading.Event()
        counts = {"issued": 0, "called": 0, "failed": 0}

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
                elif s != 429:
                    counts["failed"] += 1

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
                    time.sleep(0.01)

        threads = [threading.Thread(target=kiosk_loop, args=(i,)) for i in range(args.kiosks)]
        threads += [threading.Thread(target=window_loop, args=(w,)) for w in windows]
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        proc.send_signal(signal.SIGKILL)   # mid-stream: no shutdown hook, no flush
        stop.set()
        for t in threads:
            t.join()
        proc.wait()
        started = time.time()
        proc, port = start(data)
        restart_s = time.time() - started
        lost = []
        order = {"WAITING": 0, "CALLED": 1, "SERVING": 2, "COMPLETED": 3}
        for tid, (number, state) in list(acked.items()):
            s, t = call(port, "GET", f"/api/v1/halls/demo/tickets/{tid}", kiosk)
            if s != 200 or t["number"] != number or order.get(t["state"], 9) < order[state]:
                lost.append((tid, number, state, s, t and t.get("state")))
        q = call(port, "GET", "/api/v1/halls/demo/queue")[1]
        lost_total += len(lost)
        print(f"round {rnd}: issued {counts['issued']}, called {counts['called']}, other answers "
              f"{counts['failed']}; killed; restart {restart_s:.1f} s; seq {q['seq']}; "
              f"acknowledged tickets checked {len(acked)}, lost {len(lost)}", flush=True)
        for l in lost[:10]:
            print("  lost:", l)
    proc.send_signal(signal.SIGKILL)
    print(f"summary: {args.rounds} kills, {len(acked)} acknowledged tickets, lost {lost_total}")
    sys.exit(1 if lost_total else 0)


if __name__ == "__main__":
    main()
