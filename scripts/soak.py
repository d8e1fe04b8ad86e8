#!/usr/bin/env python3
"""OneWindow: a soak run of the hall server at a steady load, to show that nothing grows without bound.

The real jar runs on a fresh data folder (the file journal) while, for the whole run:
  - kiosks issue tickets at a constant rate (latency counted from each ticket's scheduled time, so a stall
    is not hidden by the load waiting for it);
  - every window calls, starts and completes tickets as they come (one thread per window);
  - display screens follow the hall over WebSocket and over Server-Sent Events, checking that events come in
    sequence order without a gap;
  - phones follow every few tickets over the phone WebSocket until the service completes (the server closes it).
Every minute the script forces a full collection in the server (jcmd GC.run), then records the heap in use
(from /metrics), the resident memory, open file descriptors and threads of the server process, and the
latency percentiles and errors of that minute. At the end every screen must stand at the hall's last sequence.

    mvn -B -q package -DskipTests
    python3 scripts/soak.py [--minutes 10] [--rate 8] [--displays 20] [--sse 4] [--phone-every 4]

Prints one line per minute and a summary; exits 1 on any error (an unexpected answer, a gap on a screen, a
screen behind at the end).
"""
import argparse, base64, http.client, json, os, re, shutil, signal, socket, struct, subprocess, sys, tempfile
import threading, time

JAR = os.environ.get("ONEWINDOW_JAR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                    "display-server", "target", "onewindow.jar")
HALL = "/api/v1/halls/demo"


class Client:
    """One keep-alive HTTP connection, for one thread."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def call(self, method, path, token=None, body=None):
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                return r.status, (json.loads(raw) if raw and raw[:1] in (b"{", b"[") else None)
            except (http.client.HTTPException, OSError):
                self.conn = None
                if attempt:
                    return 0, None
        return 0, None


class Stats:
    """Latencies and errors, per minute and for the whole run. Thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.minute = {}
        self.total = {}
        self.errors = []
        self.counts = {}

    def latency(self, kind, seconds):
        with self.lock:
            self.minute.setdefault(kind, []).append(seconds)
            self.total.setdefault(kind, []).append(seconds)

    def count(self, what, n=1):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + n

    def error(self, text):
        with self.lock:
            self.errors.append(text)

    def take_minute(self):
        with self.lock:
            m, self.minute = self.minute, {}
            return m


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))]


def ws_open(port, path):
    """A WebSocket on a plain socket: returns the socket once upgraded, else raises with the status line."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise OSError("closed during the upgrade")
        head += chunk
    status, rest = head.split(b"\r\n\r\n", 1)
    if b" 101 " not in status.split(b"\r\n")[0] + b" ":
        s.close()
        raise OSError(status.split(b"\r\n")[0].decode())
    return s, bytearray(rest)


def ws_messages(s, buf):
    """Yields the text messages of a WebSocket until it closes; answers pings."""
    s.settimeout(120)
    while True:
        while len(buf) >= 2:
            b0, b1 = buf[0], buf[1] & 0x7F
            hdr, n = 2, b1
            if b1 == 126:
                if len(buf) < 4:
                    break
                n, hdr = struct.unpack(">H", buf[2:4])[0], 4
            elif b1 == 127:
                if len(buf) < 10:
                    break
                n, hdr = struct.unpack(">Q", buf[2:10])[0], 10
            if len(buf) < hdr + n:
                break
            payload = bytes(buf[hdr:hdr + n])
            del buf[:hdr + n]
            op = b0 & 0x0F
            if op == 1:
                yield payload.decode("utf-8")
            elif op == 9:
                s.sendall(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
            elif op == 8:
                return
        try:
            chunk = s.recv(65536)
        except OSError:
            return
        if not chunk:
            return
        buf += chunk


class Screen(threading.Thread):
    """A display over WebSocket or SSE: checks sequence order, keeps the last sequence it saw."""

    def __init__(self, port, stats, stop, sse):
        super().__init__(daemon=True)
        self.port, self.stats, self.stop, self.sse = port, stats, stop, sse
        self.last = -1
        self.messages = 0
        self.gaps = 0

    def seen(self, kind, seq):
        if kind != "Snapshot" and seq != self.last + 1:
            self.gaps += 1
            self.stats.error(f"screen gap: {self.last} -> {seq} ({kind})")
        self.last = seq
        self.messages += 1

    def run(self):
        try:
            if self.sse:
                s = socket.create_connection(("127.0.0.1", self.port), timeout=120)
                s.sendall(f"GET /sse/v1/halls/demo/display HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                          .encode())
                f = s.makefile("rb")
                while f.readline() not in (b"\r\n", b""):
                    pass  # the response head; the body is chunked: chunk sizes are lines of hex, skipped below
                event = None
                for line in f:
                    if self.stop.is_set():
                        break
                    line = line.rstrip(b"\r\n")
                    if line.startswith(b"event:"):
                        event = line[6:].strip().decode()
                    elif line.startswith(b"data:"):
                        m = json.loads(line[5:])
                        self.seen(m.get("type", event), m["seq"])
                s.close()
            else:
                s, buf = ws_open(self.port, "/ws/v1/halls/demo/display")
                for text in ws_messages(s, buf):
                    m = json.loads(text)
                    self.seen(m["type"], m["seq"])
                    if self.stop.is_set():
                        break
                s.close()
        except Exception as e:  # a screen that drops is an error of the run
            if not self.stop.is_set():
                self.stats.error(f"screen failed: {e!r}")


def phone(port, link, stats):
    """Follows one ticket on the phone socket until the server closes it after the final state."""
    try:
        s, buf = ws_open(port, "/ws/v1/track/" + link)
        states = []
        for text in ws_messages(s, buf):
            m = json.loads(text)
            if m["type"] in ("Ticket", "State"):  # a quick service may be over before the phone looks
                states.append(m["state"])
        s.close()
        stats.count("phones followed")
        if not states or states[-1] != "COMPLETED":
            stats.error(f"phone ended without COMPLETED: {states}")
    except Exception as e:
        stats.error(f"phone failed: {e!r}")


def server_figures(pid, port):
    """Forces a full collection, then reads heap in use (/metrics), resident memory, fds and threads."""
    subprocess.run(["jcmd", str(pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=120)
    status, _ = 0, None
    text = ""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("GET", "/metrics")
        text = c.getresponse().read().decode()
        c.close()
    except OSError:
        pass
    heap = sum(float(v) for v in re.findall(r'^jvm_memory_used_bytes\{area="heap",[^}]*\} (\S+)', text, re.M))
    gauge = re.search(r"^onewindow_display_clients (\S+)", text, re.M)
    with open(f"/proc/{pid}/status") as f:
        st = f.read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", st).group(1))
    threads = int(re.search(r"Threads:\s+(\d+)", st).group(1))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return {"heap_mb": heap / 1048576, "rss_mb": rss / 1024, "fds": fds, "threads": threads,
            "display_clients": float(gauge.group(1)) if gauge else float("nan")}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--minutes", type=float, default=10)
    a.add_argument("--rate", type=float, default=8, help="tickets issued per second")
    a.add_argument("--displays", type=int, default=20, help="WebSocket screens")
    a.add_argument("--sse", type=int, default=4, help="Server-Sent Events screens")
    a.add_argument("--phone-every", type=int, default=4, help="follow every n-th ticket on a phone")
    a.add_argument("--service-ms", type=float, default=200, help="time at the window between start and complete")
    a.add_argument("--jvm", default="-Xmx512m", help="options of the server's JVM")
    args = a.parse_args()

    data = tempfile.mkdtemp(prefix="onewindow-soak-")
    proc = subprocess.Popen(["java"] + args.jvm.split() + ["-jar", JAR, "--port", "0", "--host", "127.0.0.1",
                                                          "--data", data],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in proc.stdout:
        m = re.search(r"ready on http://[^:]+:(\d+)", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        raise SystemExit("the server did not start")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    with open(os.path.join(data, "demo-tokens.json")) as f:
        ts = json.load(f)["tokens"]
    kiosk = next(t["token"] for t in ts if t["role"] == "kiosk")
    windows = {t["window"]: t["token"] for t in ts if t["role"] == "window" and t.get("hall") == "demo"}

    stats = Stats()
    stop = threading.Event()          # kiosks stop issuing; windows serve who still waits, then stop
    screens_stop = threading.Event()  # screens stop once compared with the hall's last sequence
    phones = []
    setup = Client(port)
    for w, tok in windows.items():
        s, _ = setup.call("POST", f"{HALL}/windows/{w}/open", tok, {"staff": {"id": "07" + w, "name": "王营定"}})
        if s != 200:
            raise SystemExit(f"window {w} did not open: {s}")
    screens = [Screen(port, stats, screens_stop, sse=False) for _ in range(args.displays)]
    screens += [Screen(port, stats, screens_stop, sse=True) for _ in range(args.sse)]
    for sc in screens:
        sc.start()

    def kiosk_loop():
        c = Client(port)
        interval = 1.0 / args.rate
        t0 = time.monotonic()
        n = 0
        while not stop.is_set():
            due = t0 + n * interval
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            s, t = c.call("POST", f"{HALL}/tickets", kiosk, {"category": "ABC"[n % 3]})
            stats.latency("issue", time.monotonic() - due)
            if s == 201:
                stats.count("issued")
                if args.phone_every and n % args.phone_every == 0:
                    p = threading.Thread(target=phone, args=(port, t["trackUrl"][3:], stats), daemon=True)
                    p.start()
                    phones.append(p)
            else:
                stats.error(f"issue -> {s}")
            n += 1

    def window_loop(w, tok):
        c = Client(port)
        while True:
            t = time.monotonic()
            s, _ = c.call("POST", f"{HALL}/windows/{w}/call-next", tok)
            stats.latency("call-next", time.monotonic() - t)
            if s == 204:
                if stop.is_set():
                    return  # nobody waits any more
                time.sleep(0.05)
                continue
            if s != 200:
                stats.error(f"call-next {w} -> {s}")
                time.sleep(0.1)
                continue
            for step in ("start", "complete"):
                if step == "complete":
                    time.sleep(args.service_ms / 1000)
                t = time.monotonic()
                s, _ = c.call("POST", f"{HALL}/windows/{w}/{step}", tok)
                stats.latency(step, time.monotonic() - t)
                if s != 200:
                    stats.error(f"{step} {w} -> {s}")
            stats.count("served")

    workers = [threading.Thread(target=kiosk_loop, daemon=True)]
    workers += [threading.Thread(target=window_loop, args=(w, tok), daemon=True) for w, tok in windows.items()]
    time.sleep(1)
    first = server_figures(proc.pid, port)
    print(f"start: heap after GC {first['heap_mb']:.1f} MB, resident {first['rss_mb']:.0f} MB, "
          f"fds {first['fds']}, threads {first['threads']}, screens {first['display_clients']:.0f}", flush=True)
    for t in workers:
        t.start()
    print("min  issued served  issue p50/p99/max ms   call p50/p99 ms  heapGC MB  RSS MB  fds  thr  screens  phones"
          "  errors", flush=True)
    started = time.monotonic()
    rows = []
    minute = 0
    while time.monotonic() - started < args.minutes * 60:
        time.sleep(min(60, args.minutes * 60 - (time.monotonic() - started)))
        minute += 1
        lat = stats.take_minute()
        f = server_figures(proc.pid, port)
        iss, call = [x * 1000 for x in lat.get("issue", [])], [x * 1000 for x in lat.get("call-next", [])]
        with stats.lock:
            counts = dict(stats.counts)
            errs = len(stats.errors)
        row = (minute, counts.get("issued", 0), counts.get("served", 0), pct(iss, 50), pct(iss, 99),
               max(iss) if iss else float("nan"), pct(call, 50), pct(call, 99), f["heap_mb"], f["rss_mb"], f["fds"],
               f["threads"], f["display_clients"], counts.get("phones followed", 0), errs)
        rows.append(row)
        print("%3d  %6d %6d  %6.1f %6.1f %7.1f   %6.1f %6.1f   %8.1f  %6.0f %4d %4d  %7.0f  %6d  %6d" % row,
              flush=True)
    stop.set()
    for t in workers:
        t.join(timeout=120)
    for p in phones:
        p.join(timeout=30)
    # let the screens read the last events, then compare with the hall's sequence
    final = setup.call("GET", f"{HALL}/queue")[1]["seq"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(sc.last != final for sc in screens):
        time.sleep(0.2)
    behind = [sc.last for sc in screens if sc.last != final]
    if behind:
        stats.error(f"{len(behind)} screens behind the hall's sequence {final}: {behind[:5]}")
    screens_stop.set()
    end = server_figures(proc.pid, port)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(data, ignore_errors=True)

    tot = stats.total
    iss = [x * 1000 for x in tot.get("issue", [])]
    print(f"end: heap after GC {end['heap_mb']:.1f} MB, resident {end['rss_mb']:.0f} MB, fds {end['fds']}, "
          f"threads {end['threads']}; hall sequence {final}")
    print(f"summary: {args.minutes:g} min at {args.rate:g} tickets/s; {stats.counts.get('issued', 0)} issued, "
          f"{stats.counts.get('served', 0)} served, {stats.counts.get('phones followed', 0)} phones followed to "
          f"COMPLETED; screens {args.displays} WebSocket + {args.sse} SSE, "
          f"{sum(sc.messages for sc in screens)} messages, {sum(sc.gaps for sc in screens)} gaps")
    for kind in ("issue", "call-next", "start", "complete"):
        v = [x * 1000 for x in tot.get(kind, [])]
        print(f"  {kind:10s} n={len(v):6d}  p50 {pct(v, 50):7.1f}  p90 {pct(v, 90):7.1f}  p99 {pct(v, 99):7.1f}  "
              f"p99.9 {pct(v, 99.9):7.1f}  max {max(v) if v else float('nan'):7.1f} ms")
    print(f"  heap after GC {first['heap_mb']:.1f} -> {end['heap_mb']:.1f} MB; resident {first['rss_mb']:.0f} -> "
          f"{end['rss_mb']:.0f} MB; fds {first['fds']} -> {end['fds']}; threads {first['threads']} -> "
          f"{end['threads']}; errors {len(stats.errors)}")
    for e in stats.errors[:20]:
        print("  error:", e)
    sys.exit(1 if stats.errors else 0)


if __name__ == "__main__":
    main()
