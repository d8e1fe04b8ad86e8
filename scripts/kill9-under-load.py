#!/usr/bin/env python3
"""OneWindow: the hall server killed with kill -9 under a steady load of ticket commands, then restarted.

Every acknowledged ticket and call must be there after the restart, with the same number and state, and the
hall's sequence must have no gap (the restarted server replays the journal and refuses a gap).

    mvn -B -q package -DskipTests
    python3 scripts/kill9-under-load.py [--rounds 3] [--seconds 15] [--kiosks 8]

Prints one line per round and a summary; exits 1 if anything acknowledged was lost.
"""
import argparse, os, signal, sys, tempfile, threading, time

from onewindow_server import call, start, tokens








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
