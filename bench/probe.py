#!/usr/bin/env python3
"""Runtime measurements for bench/run: one process lifecycle per call, one JSON line appended to --out.

  probe.py load   --label L (--bin B | --nginx-dir D) --wrk "-t2 -c64 -d10s" [--warmup S] [--settle S]
      start -> first 200 on /health (exec-to-200), idle RSS, a wrk warm-up, the measured wrk run,
      RSS after load, then SIGTERM with no connection open (exit time and code).
  probe.py keepalive-stop --label L --bin B
      start, open one keep-alive connection and leave it idle (a proxy's connection pool), SIGTERM:
      how long until exit, and whether the server closed that connection itself.
  probe.py drain  --label L --bin B --wrk "-t1 -c32 -d6s" --sigterm-after S [--observer-connections N]
      SIGTERM while wrk loads the service; an observer client with its own keep-alive connections
      classifies every request it sends (see classify() and docs/BENCHMARKS.md for why).
  probe.py memory --label L --bin B --paths /health,/nope --connections 1,64,256 --duration S
                  [--env NAME=VALUE ...] [--idle-wait S] [--after-wait S]
      one server lifetime: idle RSS --idle-wait s after the first 200, then for every path and connection
      count a warm-up and a measured `wrk --latency` run (RSS after each), then RSS --after-wait s after the
      last load (what the allocator gave back), peak RSS, and SIGTERM.
  probe.py instructions --label L (--bin B | --nginx-dir D) --path /health [--requests 1000,3000]
      user-space instructions per request, counted by valgrind's callgrind (deterministic, unlike time on a
      shared machine): the server runs under callgrind twice, answering N1 and then N2 sequential requests on
      one keep-alive connection; (instructions(N2) - instructions(N1)) / (N2 - N1), so startup and shutdown
      cancel out. nginx runs with `master_process off` (one process doing all the work), as callgrind follows
      no forks.

Servers get only PORT in their environment (like a container with ENV PORT), plus --env for `memory`;
stdout/stderr go to --log.
Only processes started here are signalled, by their pid.
"""
import argparse
import asyncio
import collections
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

HOST = "127.0.0.1"
REQUEST = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"
now = time.perf_counter


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def probe_once(port):
    """One GET /health on a fresh connection; True on a 200."""
    try:
        with socket.create_connection((HOST, port), timeout=1) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


class Server:
    """A service binary or nginx, started on a free loopback port."""

    def __init__(self, args, log):
        self.port = free_port()
        self.log = open(log, "ab")
        if args.bin:
            argv, env = [args.bin], {"PORT": str(self.port)}
            env.update(dict(kv.split("=", 1) for kv in getattr(args, "env", None) or []))
            self.kind = "service"
        else:
            argv, env = self._nginx(args.nginx_dir, getattr(args, "nginx_extra", "")), {}
            self.kind = "nginx"
        argv = (getattr(args, "argv_prefix", None) or []) + argv
        self.started = now()
        self.proc = subprocess.Popen(argv, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid

    def _nginx(self, directory, extra):
        template = open(os.path.join(directory, "nginx.conf.in")).read()
        conf = os.path.join(directory, "nginx.conf")
        with open(conf, "w") as out:
            out.write(template.replace("@PORT@", str(self.port)).replace("@DIR@", directory))
        nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
        if not nginx:
            raise SystemExit("nginx not found (scripts/install-tools installs it)")
        return [nginx, "-p", directory, "-e", os.path.join(directory, "error.log"), "-c", conf,
                "-g", "daemon off;" + extra]

    def await_first_200(self, limit=20.0):
        """Seconds from just before fork/exec to the first 200 on /health (polled every ~0.5 ms)."""
        deadline = self.started + limit
        while now() < deadline:
            if probe_once(self.port):
                return now() - self.started
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited with {self.proc.returncode} before answering /health")
            time.sleep(0.0005)
        raise SystemExit(f"no 200 on /health within {limit} s")

    def status(self, field):
        """A kB field of /proc/PID/status (VmRSS, VmHWM), or None."""
        try:
            for line in open(f"/proc/{self.pid}/status"):
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def stop(self, sig=signal.SIGTERM, limit=15.0):
        """Signal by pid; returns (seconds to exit, exit code). SIGKILL and code None after `limit`."""
        t0 = now()
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = None
        return now() - t0, code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(text):
    def number(pattern, default=0.0):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else default

    def latency(pct):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else None

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    connect, read, write, timeout = (int(x) for x in errors.groups()) if errors else (0, 0, 0, 0)
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": latency(50), "p99_ms": latency(99),
        "requests": int(number(r"(\d+) requests in")),
        "non2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "err_connect": connect, "err_read": read, "err_write": write, "err_timeout": timeout,
    }


def wrk(args, port, extra_args, path="/health"):
    cmd = ["wrk", *shlex.split(extra_args), "--latency", f"http://{HOST}:{port}{path}"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def wrk_threads(connections):
    """wrk's -t for C connections: two threads (one per core here), one for a single connection (wrk needs
    at least one connection per thread)."""
    return min(2, connections)


def cmd_load(args):
    server = Server(args, args.log)
    record = {"kind": "load", "label": args.label, "server": server.kind, "wrk": args.wrk}
    try:
        record["startup_ms"] = server.await_first_200() * 1e3
        time.sleep(args.settle)
        record["rss_idle_kb"] = server.status("VmRSS")
        if args.warmup > 0:
            wrk(args, server.port, f"{args.wrk_threads_conns} -d{args.warmup}s")
        out = wrk(args, server.port, args.wrk)
        record.update(parse_wrk(out))
        record["wrk_output"] = out
        record["rss_after_load_kb"] = server.status("VmRSS")
        record["rss_peak_kb"] = server.status("VmHWM")
        time.sleep(0.3)  # let wrk's closed connections be reaped: this stop is the idle one
        exit_s, code = server.stop(signal.SIGQUIT if server.kind == "nginx" else signal.SIGTERM)
        record["sigterm_exit_ms"], record["exit_code"] = exit_s * 1e3, code
    finally:
        server.kill()
    emit(args.out, record)


def cmd_memory(args):
    server = Server(args, args.log)
    record = {"kind": "memory", "label": args.label, "env": args.env or [], "loads": []}
    try:
        record["startup_ms"] = server.await_first_200() * 1e3
        time.sleep(args.idle_wait)
        record["rss_idle_kb"] = server.status("VmRSS")
        for path in args.paths.split(","):
            for connections in (int(c) for c in args.connections.split(",")):
                threads_conns = f"-t{wrk_threads(connections)} -c{connections}"
                if args.warmup > 0:
                    wrk(args, server.port, f"{threads_conns} -d{args.warmup}s", path)
                out = wrk(args, server.port, f"{threads_conns} -d{args.duration}s", path)
                load = {"path": path, "connections": connections, "wrk": f"wrk {threads_conns} -d{args.duration}s"}
                load.update(parse_wrk(out))
                load["rss_kb"] = server.status("VmRSS")
                record["loads"].append(load)
        record["rss_after_load_kb"] = server.status("VmRSS")
        time.sleep(args.after_wait)
        record["rss_after_wait_kb"] = server.status("VmRSS")
        record["rss_peak_kb"] = server.status("VmHWM")
        exit_s, code = server.stop()
        record["sigterm_exit_ms"], record["exit_code"] = exit_s * 1e3, code
    finally:
        server.kill()
    emit(args.out, record)


def keepalive_requests(port, path, n):
    """n GETs of path, one after the other on one keep-alive connection; the status codes seen."""
    statuses = collections.Counter()
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    with socket.create_connection((HOST, port), timeout=30) as conn:
        reader = conn.makefile("rb")
        for _ in range(n):
            conn.sendall(request)
            statuses[int(reader.readline().split()[1])] += 1
            length = 0
            while (line := reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            reader.read(length)
    return statuses


def callgrind_total(args, n):
    """Instructions the whole server process executed while answering n requests (plus startup, shutdown)."""
    out_file = os.path.join(os.path.dirname(os.path.abspath(args.out)), f"callgrind.{os.getpid()}.out")
    args.argv_prefix = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"]
    if args.nginx_dir:
        # One process answering everything: callgrind would otherwise count only the idle master.
        args.nginx_extra = "master_process off;"
    server = Server(args, args.log)
    try:
        server.await_first_200(limit=120)
        statuses = keepalive_requests(server.port, args.path, n)
        _, code = server.stop(limit=60)
    finally:
        server.kill()
    with open(out_file) as f:
        total = next(int(line.split()[1]) for line in f if line.startswith(("summary:", "totals:")))
    os.unlink(out_file)
    return total, statuses, code


def cmd_instructions(args):
    n1, n2 = (int(n) for n in args.requests.split(","))
    total1, _, code1 = callgrind_total(args, n1)
    total2, statuses, code2 = callgrind_total(args, n2)
    emit(args.out, {"kind": "instructions", "label": args.label, "path": args.path, "requests": [n1, n2],
                    "totals": [total1, total2], "per_request": (total2 - total1) / (n2 - n1),
                    "statuses": dict(statuses), "exit_codes": [code1, code2]})


def cmd_keepalive_stop(args):
    server = Server(args, args.log)
    record = {"kind": "keepalive_stop", "label": args.label}
    try:
        server.await_first_200()
        conn = socket.create_connection((HOST, server.port))
        conn.sendall(REQUEST)
        conn.settimeout(2)
        record["first_response_ok"] = conn.recv(4096).startswith(b"HTTP/1.1 200")
        time.sleep(0.2)
        conn.setblocking(False)
        t0 = now()
        server.proc.send_signal(signal.SIGTERM)
        closed_at = None
        while server.proc.poll() is None and now() - t0 < 15:
            if closed_at is None:
                try:
                    if conn.recv(4096) == b"":
                        closed_at = now() - t0
                except BlockingIOError:
                    pass
                except OSError:
                    closed_at = now() - t0
            time.sleep(0.0005)
        exit_s = now() - t0
        code = server.proc.poll()
        if code is None:
            server.kill()
        elif closed_at is None:
            # Not closed while the process ran: the kernel closed it when the process exited.
            try:
                conn.settimeout(1)
                conn.recv(4096)
            except OSError:
                pass
            closed_at = exit_s
        record.update(sigterm_exit_ms=exit_s * 1e3, exit_code=code,
                      server_closed_idle_connection_ms=None if closed_at is None else closed_at * 1e3)
        conn.close()
    finally:
        server.kill()
    emit(args.out, record)


# ---- SIGTERM under load ---------------------------------------------------------------------------------------------
# Every request the observer writes, and every connection attempt that fails, ends in exactly one class. A request is
# "in flight at SIGTERM" when it was written before SIGTERM was sent: one event loop does both, so the order is exact.
OK = "ok"                                      # a 2xx answer
FAILED_IN_FLIGHT = "failed_in_flight"          # written before SIGTERM, no complete 2xx answer
FAILED_ANSWER = "failed_answer"                # a non-2xx, cut-off or late (> 2 s) answer, whenever written
FAILED_BEFORE = "failed_connect_before_sigterm"
LATE_KEEPALIVE = "after_sigterm_unanswered_keepalive_close"
LATE_NEW_CONNECTION = "after_sigterm_new_connection_dropped"
REFUSED_AFTER = "after_sigterm_connect_refused"
RESET_CONNECTING_AFTER = "after_sigterm_connect_reset"
CLASSES = (OK, FAILED_IN_FLIGHT, FAILED_ANSWER, FAILED_BEFORE, LATE_KEEPALIVE, LATE_NEW_CONNECTION, REFUSED_AFTER,
           RESET_CONNECTING_AFTER)
FAILED = (FAILED_IN_FLIGHT, FAILED_ANSWER, FAILED_BEFORE)


def describe(error):
    if isinstance(error, asyncio.IncompleteReadError):
        return f"connection closed after {len(error.partial)} bytes of the answer"
    if isinstance(error, asyncio.TimeoutError):
        return "no answer within 2 s"
    return type(error).__name__ + (f" ({os.strerror(error.errno)})" if getattr(error, "errno", None) else "")


class Observer:
    def __init__(self, port, connections):
        self.port, self.connections = port, connections
        self.counts = {k: 0 for k in CLASSES}
        self.sigterm_at = None      # perf_counter when SIGTERM was sent
        self.server_gone = False    # set once the server process has exited
        self.stop = False
        self.in_flight_answered = 0
        self.first_refused_after = None
        self.last_ok_after = None
        self.events = []            # every outcome other than OK and REFUSED_AFTER, the first 100

    def since_sigterm(self):
        return None if self.sigterm_at is None else now() - self.sigterm_at

    def note(self, kind, detail, written_before=None, reused=None):
        self.counts[kind] += 1
        if len(self.events) < 100:
            t = self.since_sigterm()
            self.events.append({"class": kind, "detail": detail, "ms_after_sigterm": None if t is None else round(t * 1e3, 2),
                                "written_before_sigterm": written_before, "reused_connection": reused})

    async def read_response(self, reader):
        """(status, headers) of one answer; raises IncompleteReadError or ConnectionError."""
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip().lower()
        await reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers

    async def connect(self):
        """(reader, writer), or None after a failed attempt (classified here)."""
        try:
            return await asyncio.open_connection(HOST, self.port)
        except OSError as e:
            t = self.since_sigterm()
            if t is None:
                self.note(FAILED_BEFORE, describe(e))
            elif isinstance(e, ConnectionRefusedError):
                self.counts[REFUSED_AFTER] += 1
                if self.first_refused_after is None:
                    self.first_refused_after = t
            else:
                # The kernel completed the handshake from the listen backlog, then reset it: nothing was sent yet.
                self.note(RESET_CONNECTING_AFTER, describe(e))
            return None

    async def client(self):
        writer = None
        while not self.stop:
            if writer is None:
                if self.server_gone:
                    return  # nothing listens any more; a real client would go to another replica
                connection = await self.connect()
                if connection is None:
                    await asyncio.sleep(0.005)
                    continue
                reader, writer = connection
                reused = False
            written_before = self.sigterm_at is None
            try:
                writer.write(REQUEST)   # goes to the kernel now: the socket buffer is empty between requests
                await writer.drain()
                status, headers = await asyncio.wait_for(self.read_response(reader), timeout=2.0)
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError) as e:
                unanswered = not (isinstance(e, asyncio.IncompleteReadError) and e.partial) and \
                    not isinstance(e, asyncio.TimeoutError)
                if written_before:
                    self.note(FAILED_IN_FLIGHT, describe(e), True, reused)
                elif not unanswered:
                    self.note(FAILED_ANSWER, describe(e), False, reused)
                elif reused:
                    # A keep-alive connection closed by the server before it read a request written after SIGTERM:
                    # RFC 9112 section 9.3.1 lets clients retry such a request, and they do.
                    self.note(LATE_KEEPALIVE, describe(e), False, True)
                else:
                    self.note(LATE_NEW_CONNECTION, describe(e), False, False)
                writer.close()
                writer = None
                continue
            if written_before and self.sigterm_at is not None:
                self.in_flight_answered += 1
            if 200 <= status < 300:
                self.counts[OK] += 1
                t = self.since_sigterm()
                if t is not None:
                    self.last_ok_after = t
            else:
                self.note(FAILED_ANSWER, f"status {status}", written_before, reused)
            if headers.get("connection") == "close":
                writer.close()
                writer = None
            else:
                reused = True
        if writer is not None:
            writer.close()


async def drain(args, server, record):
    observer = Observer(server.port, args.observer_connections)
    wrk_proc = await asyncio.create_subprocess_exec(
        "wrk", *shlex.split(args.wrk), f"http://{HOST}:{server.port}/health",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    clients = [asyncio.create_task(observer.client()) for _ in range(args.observer_connections)]
    t_start = now()
    await asyncio.sleep(args.sigterm_after)
    record["observer_ok_before_sigterm"] = observer.counts[OK]
    observer.sigterm_at = now()
    server.proc.send_signal(signal.SIGTERM)
    code = None
    while now() - observer.sigterm_at < 15:
        code = server.proc.poll()
        if code is not None:
            break
        await asyncio.sleep(0.0005)
    exit_s = now() - observer.sigterm_at
    observer.server_gone = True
    if code is None:
        server.kill()
    await asyncio.sleep(0.2)      # let every client see the refusal once
    observer.stop = True
    await asyncio.wait(clients, timeout=3)
    for task in clients:
        task.cancel()
    out, _ = await wrk_proc.communicate()
    out = out.decode()
    record.update(sigterm_exit_ms=exit_s * 1e3, exit_code=code, sigterm_after_s=args.sigterm_after,
                  load_seconds_before_sigterm=observer.sigterm_at - t_start,
                  observer=observer.counts,
                  observer_failed=sum(observer.counts[k] for k in FAILED),
                  observer_in_flight_answered=observer.in_flight_answered,
                  observer_events=observer.events,
                  first_refused_after_ms=None if observer.first_refused_after is None
                  else observer.first_refused_after * 1e3,
                  last_ok_after_ms=None if observer.last_ok_after is None else observer.last_ok_after * 1e3,
                  wrk=parse_wrk(out), wrk_output=out)


def cmd_drain(args):
    server = Server(args, args.log)
    record = {"kind": "drain", "label": args.label, "wrk_args": args.wrk,
              "observer_connections": args.observer_connections}
    try:
        server.await_first_200()
        asyncio.run(drain(args, server, record))
    finally:
        server.kill()
    emit(args.out, record)


def emit(path, record):
    with open(path, "a") as out:
        out.write(json.dumps(record) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("load", "keepalive-stop", "drain", "memory", "instructions"):
        s = sub.add_parser(name)
        s.add_argument("--label", required=True)
        s.add_argument("--out", required=True)
        s.add_argument("--log", required=True)
        s.add_argument("--bin")
        if name == "load":
            s.add_argument("--nginx-dir")
            s.add_argument("--wrk", required=True, help="wrk arguments, e.g. '-t2 -c64 -d10s'")
            s.add_argument("--warmup", type=int, default=0, help="whole seconds (wrk takes no fractions)")
            s.add_argument("--settle", type=float, default=1.0)
        if name == "instructions":
            s.add_argument("--nginx-dir")
            s.add_argument("--path", default="/health")
            s.add_argument("--requests", default="1000,3000", help="N1,N2: requests in the two runs")
        if name == "memory":
            s.add_argument("--env", action="append", help="NAME=VALUE for the server, repeatable")
            s.add_argument("--paths", default="/health", help="comma-separated request paths")
            s.add_argument("--connections", default="64", help="comma-separated connection counts")
            s.add_argument("--duration", type=int, default=5, help="whole seconds per measured wrk run")
            s.add_argument("--warmup", type=int, default=1, help="whole seconds of wrk before each measured run")
            s.add_argument("--idle-wait", type=float, default=2.0, help="seconds from the first 200 to idle RSS")
            s.add_argument("--after-wait", type=float, default=3.0, help="seconds from the last load to RSS")
        if name == "drain":
            s.add_argument("--wrk", required=True)
            s.add_argument("--sigterm-after", type=float, required=True)
            s.add_argument("--observer-connections", type=int, default=16)
    args = p.parse_args()
    if args.cmd in ("load", "instructions"):
        if bool(args.bin) == bool(args.nginx_dir):
            p.error("give exactly one of --bin and --nginx-dir")
    if args.cmd == "load":
        # the warm-up uses the measured run's threads and connections, with its own duration
        args.wrk_threads_conns = " ".join(a for a in shlex.split(args.wrk) if not a.startswith("-d"))
    elif args.cmd != "instructions" and not args.bin:
        p.error("--bin is required")
    {"load": cmd_load, "keepalive-stop": cmd_keepalive_stop, "drain": cmd_drain, "memory": cmd_memory,
     "instructions": cmd_instructions}[args.cmd](args)


if __name__ == "__main__":
    main()
