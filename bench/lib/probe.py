"""A client that measures latency at a fixed request rate, for the bench/ scripts.

    python3 bench/lib/probe.py run PORT FIRST_SLOT LAST_SLOT RATE MAX_SECONDS SAMPLES READY
    python3 bench/lib/probe.py summary SAMPLES FROM TO

run: over one connection to 127.0.0.1:PORT, first SETs one key of 100 bytes in each of up to 1024 slots spread
over FIRST_SLOT..LAST_SLOT (the node must own them), creates the file READY, then alternates GET and SET of those
keys on a fixed schedule of RATE requests a second until SIGTERM or MAX_SECONDS. A request's latency runs from
the moment the schedule gave it to its reply, so a stall of the server counts for every request it held back, not
only for the one it caught. On stopping, writes (scheduled time, latency) pairs of doubles, times in seconds since
the epoch, to SAMPLES. An error reply or a lost connection ends it with status 1.

summary: one line for the requests scheduled in [FROM, TO) (seconds since the epoch):
    seconds requests p50_ms p99_ms p99.9_ms max_ms
"""
import array
import math
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keys  # noqa: E402

VALUE_BYTES = 100


def command(*words):
    out = [b"*%d\r\n" % len(words)]
    for word in words:
        word = word if isinstance(word, bytes) else word.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(word), word))
    return b"".join(out)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def reply(self):
        """Reads one simple-string or bulk reply; raises on an error reply."""
        while b"\r\n" not in self.buffer:
            self._fill()
        line, _, rest = self.buffer.partition(b"\r\n")
        if line.startswith(b"-"):
            raise RuntimeError("error reply: " + line[1:].decode(errors="replace"))
        if line.startswith(b"$") and int(line[1:]) >= 0:
            need = int(line[1:]) + 2
            while len(rest) < need:
                self._fill()
                rest = self.buffer.partition(b"\r\n")[2]
            self.buffer = rest[need:]
            return rest[:need - 2]
        self.buffer = rest
        return line[1:]


def run(port, first_slot, last_slot, rate, max_seconds, samples_path, ready_path):
    slot_tags = keys.tags(first_slot, last_slot)
    step = max(1, len(slot_tags) // 1024)
    names = ["{%s}:probe" % tag for tag in slot_tags[::step]]
    value = b"p" * VALUE_BYTES
    conn = Connection(port)
    conn.sock.sendall(b"".join(command("SET", name, value) for name in names))
    for _ in names:
        conn.reply()
    requests = [request for name in names for request in (command("GET", name), command("SET", name, value))]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    open(ready_path, "w").close()
    samples = array.array("d")
    interval = 1.0 / rate
    started = time.time()
    status = 0
    try:
        i = 0
        while not stopping:
            scheduled = started + i * interval
            now = time.time()
            if now - started > max_seconds:
                break
            if scheduled > now:
                time.sleep(scheduled - now)
            conn.sock.sendall(requests[i % len(requests)])
            conn.reply()
            samples.append(scheduled)
            samples.append(time.time() - scheduled)
            i += 1
    except (OSError, RuntimeError) as e:
        print("probe: %s after %d requests" % (e, len(samples) // 2), file=sys.stderr)
        status = 1
    with open(samples_path, "wb") as out:
        samples.tofile(out)
    return status


def percentile(ordered, q):
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(samples_path, start, end):
    samples = array.array("d")
    with open(samples_path, "rb") as f:
        samples.frombytes(f.read())
    latencies = sorted(samples[i + 1] for i in range(0, len(samples), 2) if start <= samples[i] < end)
    if not latencies:
        print("probe: no request was scheduled in the window", file=sys.stderr)
        return 1
    print("%.1f %d %.3f %.3f %.3f %.3f" % (end - start, len(latencies), 1000 * percentile(latencies, 0.5),
                                          1000 * percentile(latencies, 0.99), 1000 * percentile(latencies, 0.999),
                                          1000 * latencies[-1]))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "run":
        a = sys.argv[2:]
        sys.exit(run(int(a[0]), int(a[1]), int(a[2]), float(a[3]), float(a[4]), a[5], a[6]))
    if sys.argv[1] == "summary":
        sys.exit(summary(sys.argv[2], float(sys.argv[3]), float(sys.argv[4])))
    sys.exit("usage: probe.py run ... | summary ...")
