"""OneWindow's fault scripts: the hall server's jar, its HTTP API and its demo tokens, in one place."""
import json, os, re, subprocess, threading, urllib.error, urllib.request

JAR = os.environ.get("ONEWINDOW_JAR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                    "display-server", "target", "onewindow.jar")


def call(port, method, path, token=None, body=None):
    """One request; (status, JSON body or None). Status 0 when the server did not answer."""
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
        raw = e.read()
        try:
            return e.code, json.loads(raw) if raw else None
        except ValueError:
            return e.code, None
    except Exception:
        return 0, None


def start(data, *options, hint=""):
    """Starts the server on a free loopback port with this data folder; (process, port) once it is ready."""
    p = subprocess.Popen(["java", "-jar", JAR, "--port", "0", "--host", "127.0.0.1", "--data", data, *options],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        m = re.search(r"ready on http://[^:]+:(\d+)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
            return p, int(m.group(1))
    raise SystemExit("the server did not start" + hint)


def tokens(data):
    """The demo hall's kiosk token and its window tokens by window, from the data folder."""
    with open(os.path.join(data, "demo-tokens.json")) as f:
        ts = json.load(f)["tokens"]
    kiosk = next(t["token"] for t in ts if t["role"] == "kiosk")
    windows = {t["window"]: t["token"] for t in ts if t["role"] == "window" and t.get("hall") == "demo"}
    return kiosk, windows
