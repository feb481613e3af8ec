#!/usr/bin/env python3
# Usage: scripts/never-reading-stations.py TIX_SERVER PORT (CLIENTS=20 EVENTS=6000):
# prints the server's RSS before and after; figures in docs/reliability.md.
# 20 stations that complete the WebSocket handshake and never read, while
# 6,000 events (scan/undo of a ticket with 1,000 characters of extra text) go out.
import http.client, json, os, socket, subprocess, sys, tempfile, time

exe, port = sys.argv[1], int(sys.argv[2])
n_clients = int(os.environ.get("CLIENTS", "20"))
n_events = int(os.environ.get("EVENTS", "6000"))
d = tempfile.mkdtemp()
srv = subprocess.Popen([exe, "--db", d + "/tix.db", "--bind", "127.0.0.1", "--port", str(port), "--quiet"])
time.sleep(1.0)

def rss():
    with open(f"/proc/{srv.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024

c = http.client.HTTPConnection("127.0.0.1", port)
def req(method, path, token=None, body=None):
    h = {"Content-Type": "application/json"}
    if token: h["Authorization"] = "Bearer " + token
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse(); data = r.read()
    return r.status, json.loads(data) if data else None

st, o = req("POST", "/api/auth/register", body={"email": "a@example.org", "password": "correct horse battery", "name": "A"})
token = o["token"]
st, t = req("POST", "/api/tickets/generate", token, {"count": 1, "prefix": "BIG", "extra": "x" * 1000})
tid = t[0]["id"]

socks = []
for i in range(n_clients):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(("GET /api/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
               "Authorization: Bearer %s\r\n\r\n" % token).encode())
    buf = b""
    while not buf.endswith(b"\r\n\r\n"):
        buf += s.recv(1)
    socks.append(s)

time.sleep(0.5)
before = rss()
t0 = time.time()
for i in range(n_events):
    st, _ = req("PUT", "/api/tickets/%s/%s" % (tid, "unscan" if i % 2 else "scan"), token)
    assert st == 200, st
after = rss()
time.sleep(6)   # libsoup gives a closed peer 5 s to answer the close
settled = rss()
print(f"{n_clients} never-reading stations, {n_events} events in {time.time()-t0:.1f} s: "
      f"RSS {before} MB before, {after} MB after the events, {settled} MB 6 s later")
srv.terminate(); srv.wait()
