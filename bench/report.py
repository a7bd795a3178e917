#!/usr/bin/env python3
"""Turns bench/run's raw results (JSON lines) into the report: the section of docs/BENCHMARKS.md between
<!-- bench:begin --> and <!-- bench:end -->, and archetypes/templates/fragments/measured/<archetype>.md.

Exit status 1 if a must-hold property failed (the report is written first and says which), 0 otherwise.

  report.py --results WORK/results.jsonl --out-dir REPO
"""
import argparse
import json
import os
import statistics
import sys
from collections import defaultdict

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
VARIANT_TITLES = {
    "release": "`release`, mimalloc (the archetype's default)",
    "release-jemalloc": "`release`, jemalloc",
    "release-system": "`release`, system allocator",
    "min-size": "`min-size`, mimalloc",
}
ALLOCATORS = {"release": "mimalloc (default)", "release-jemalloc": "jemalloc", "release-system": "system (glibc)"}
ORDER = ["actix-scratch", "rocket-distroless", "multiarch-buildx"]
SAME_CODE_AS = {"multiarch-buildx": "actix-scratch", "private-registry": "actix-scratch"}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def mib(n):
    return f"{n / 1048576:.2f} MiB"


def fmt(value, digits=1, unit=""):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"


def spread(values, digits=0):
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return ""
    return f" ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def codes(records):
    return ", ".join(str(r.get("exit_code")) for r in records)


class Results:
    def __init__(self, path):
        self.facts, self.builds, self.sizes, self.loads, self.stops, self.drains, self.phases = {}, [], {}, [], [], [], []
        for line in open(path):
            r = json.loads(line)
            kind = r["kind"]
            if kind == "fact":
                self.facts[r["key"]] = r["value"]
            elif kind == "build":
                self.builds.append(r)
            elif kind == "size":
                self.sizes[(r["archetype"], r["variant"])] = r
            elif kind == "load":
                self.loads.append(r)
            elif kind == "keepalive_stop":
                self.stops.append(r)
            elif kind == "drain":
                self.drains.append(r)
            elif kind == "phase":
                self.phases.append(r)
        measured = {a for a, _ in self.sizes}
        self.archetypes = [a for a in ORDER if a in measured]

    def load(self, label):
        return [r for r in self.loads if r["label"] == label]


class Checks:
    def __init__(self):
        self.items = []

    def add(self, ok, text):
        self.items.append((bool(ok), text))

    @property
    def failed(self):
        return [t for ok, t in self.items if not ok]


def sizes_table(res, out):
    out.append("| Archetype | Build | Binary | Image: files of the final stage | Image: tar.gz |")
    out.append("|-----------|-------|-------:|--------------------------------:|--------------:|")
    for a in res.archetypes:
        for v in VARIANT_TITLES:
            s = res.sizes.get((a, v))
            if not s:
                continue
            image = mib(s["image_bytes"]) + (" + base" if s["base"] != "scratch" else "")
            gz = mib(s["image_gz_bytes"]) + (" + base" if s["base"] != "scratch" else "")
            out.append(f"| {a} | {VARIANT_TITLES[v]} | {mib(s['binary_bytes'])} ({s['binary_bytes']:,} B) "
                       f"| {image} | {gz} |")


def builds_table(res, out, checks):
    out.append("| Archetype | Cold release build (median) | runs | Source-only rebuild (median) | runs "
               "| Cold / rebuild | Crates the rebuilds compiled |")
    out.append("|-----------|------:|------|------:|------|------:|------|")
    for a in res.archetypes:
        cold = [b["seconds"] for b in res.builds if b["archetype"] == a and b["type"] == "cold"]
        rebuilds = [b for b in res.builds if b["archetype"] == a and b["type"] == "rebuild"]
        re_s = [b["seconds"] for b in rebuilds]
        mc, mr = median(cold), median(re_s)
        compiled = sorted({b["compiled"] for b in rebuilds})
        for b in rebuilds:
            checks.add(b["compiled"] == b["service"],
                       f"{a}: rebuild {b['run']} compiled only the service crate (compiled: {b['compiled'] or 'nothing'})")
        out.append(f"| {a} | {fmt(mc)} s | {', '.join(f'{c:.1f}' for c in cold)} | {fmt(mr)} s "
                   f"| {', '.join(f'{c:.1f}' for c in re_s)} | {fmt(mc / mr if mc and mr else None)}× "
                   f"| {'; '.join('`' + c + '`' for c in compiled)} |")


def load_tables(res, out, checks):
    nginx = median([r["rps"] for r in res.load("nginx")])
    out.append("| Server | Build | Requests/s (median, range) | vs nginx | p50 latency | p99 latency |")
    out.append("|--------|-------|---------------------------:|---------:|------------:|------------:|")
    rows = [("nginx (fixed 200)", "–", res.load("nginx"))]
    for a in res.archetypes:
        for v in ("release", "min-size"):
            if res.load(f"{a}/{v}"):
                rows.append((a, VARIANT_TITLES[v], res.load(f"{a}/{v}")))
    for server, build, runs in rows:
        rps = median([r["rps"] for r in runs])
        ratio = f"{100 * rps / nginx:.0f} %" if nginx and rps else "–"
        out.append(f"| {server} | {build} | {fmt(rps, 0)}{spread([r['rps'] for r in runs])} | {ratio} "
                   f"| {fmt(median([r['p50_ms'] for r in runs]), 2)} ms "
                   f"| {fmt(median([r['p99_ms'] for r in runs]), 2)} ms |")
    for r in res.loads:
        errors = r["non2xx"] + r["err_connect"] + r["err_read"] + r["err_write"] + r["err_timeout"]
        checks.add(errors == 0, f"load run of {r['label']}: no errors or non-2xx answers ({errors})")


def lifecycle_table(res, out, checks):
    out.append("| Archetype | Build | exec → first 200 | Idle RSS | RSS after load | Peak RSS | SIGTERM → exit, idle "
               "| Exit codes |")
    out.append("|-----------|-------|-----------------:|---------:|---------------:|---------:|---------------------:"
               "|------------|")
    for a in res.archetypes:
        for v in VARIANT_TITLES:
            runs = res.load(f"{a}/{v}")
            if not runs:
                continue
            for r in runs:
                checks.add(r.get("exit_code") == 0, f"{a}/{v}: exit code 0 after SIGTERM, idle (got {r.get('exit_code')})")
                checks.add(r["sigterm_exit_ms"] < 2000, f"{a}/{v}: idle SIGTERM → exit under 2 s "
                                                        f"({r['sigterm_exit_ms']:.0f} ms)")
            out.append(f"| {a} | {VARIANT_TITLES[v]} | {fmt(median([r['startup_ms'] for r in runs]), 1)} ms "
                       f"| {fmt(median([r['rss_idle_kb'] / 1024 for r in runs]), 1)} MiB "
                       f"| {fmt(median([r['rss_after_load_kb'] / 1024 for r in runs]), 1)} MiB "
                       f"| {fmt(median([r['rss_peak_kb'] / 1024 for r in runs]), 1)} MiB "
                       f"| {fmt(median([r['sigterm_exit_ms'] for r in runs]), 1)} ms | {codes(runs)} |")


def keepalive_table(res, out, checks):
    out.append("| Archetype | SIGTERM → exit (median, range) | Server closed the idle connection after | Exit codes |")
    out.append("|-----------|------------------------------:|----------------------------------------:|------------|")
    for a in res.archetypes:
        runs = [r for r in res.stops if r["label"] == f"{a}/release"]
        if not runs:
            continue
        for r in runs:
            checks.add(r.get("exit_code") == 0, f"{a}: exit code 0 after SIGTERM with an idle keep-alive connection "
                                                f"(got {r.get('exit_code')})")
            checks.add(r["sigterm_exit_ms"] < 10000, f"{a}: with an idle keep-alive connection, exit before docker "
                                                     f"stop's SIGKILL at 10 s ({r['sigterm_exit_ms']:.0f} ms)")
        closed = [r["server_closed_idle_connection_ms"] for r in runs]
        out.append(f"| {a} | {fmt(median([r['sigterm_exit_ms'] for r in runs]), 1)} ms"
                   f"{spread([r['sigterm_exit_ms'] for r in runs], 1)} "
                   f"| {fmt(median(closed), 1)} ms{spread(closed, 1)} "
                   f"| {codes(runs)} |")


def drain_tables(res, out, checks):
    out.append("| Archetype | Runs | Answered 200 | In flight at SIGTERM, answered | **Failed** "
               "| After SIGTERM: unanswered on keep-alive close | After SIGTERM: new connection dropped "
               "| After SIGTERM: connect refused / reset | SIGTERM → exit (median, range) "
               "| Listener closed after (median) | Exit codes |")
    out.append("|-----------|-----:|------:|------:|------:|------:|------:|------:|------:|------:|------|")
    raw, details = [], []
    for a in res.archetypes:
        runs = [r for r in res.drains if r["label"] == f"{a}/release"]
        if not runs:
            continue
        total = defaultdict(int)
        for n, r in enumerate(runs, 1):
            for k, v in r["observer"].items():
                total[k] += v
            total["in_flight_answered"] += r["observer_in_flight_answered"]
            w = r["wrk"]
            checks.add(r.get("exit_code") == 0, f"{a}: exit code 0 after SIGTERM under load (got {r.get('exit_code')})")
            checks.add(r["observer_failed"] == 0 and w["non2xx"] == 0 and w["err_timeout"] == 0,
                       f"{a}: no failed request when SIGTERM arrives under load (run {n}: observer "
                       f"{r['observer_failed']}, wrk non-2xx {w['non2xx']}, wrk timeouts {w['err_timeout']})")
            checks.add(r["sigterm_exit_ms"] < 10000, f"{a}: under load, exit before docker stop's SIGKILL at 10 s "
                                                     f"({r['sigterm_exit_ms']:.0f} ms)")
            raw.append(f"| {a} | {n} | {w['requests']:,} | {w['non2xx']} | {w['err_connect']} | {w['err_read']} "
                       f"| {w['err_write']:,} | {w['err_timeout']} |")
            groups = defaultdict(list)
            for e in r["observer_events"]:
                if e["class"] in FAILED_CLASSES:
                    groups[(e["class"], e["detail"])].append(e["ms_after_sigterm"])
            for (kind, detail), times in groups.items():
                after = [t for t in times if t is not None]
                when = "before SIGTERM" if not after else (
                    f"{min(after):.1f} ms after SIGTERM" if min(after) == max(after)
                    else f"{min(after):.1f}–{max(after):.1f} ms after SIGTERM")
                details.append(f"- {a}, run {n}: {len(times)} × {FAILED_CLASSES[kind]} — {detail}; noticed {when}")
        failed_total = sum(r["observer_failed"] + r["wrk"]["non2xx"] + r["wrk"]["err_timeout"] for r in runs)
        out.append(f"| {a} | {len(runs)} | {total['ok']:,} | {total['in_flight_answered']:,} | **{failed_total}** "
                   f"| {total['after_sigterm_unanswered_keepalive_close']} "
                   f"| {total['after_sigterm_new_connection_dropped']} "
                   f"| {total['after_sigterm_connect_refused']:,} / {total['after_sigterm_connect_reset']} "
                   f"| {fmt(median([r['sigterm_exit_ms'] for r in runs]), 1)} ms"
                   f"{spread([r['sigterm_exit_ms'] for r in runs], 1)} "
                   f"| {fmt(median([r['first_refused_after_ms'] for r in runs]), 1)} ms | {codes(runs)} |")
    if details:
        out.append("")
        out.append("Failed requests, by run:")
        out.append("")
        out.extend(details)
    out.append("")
    out.append("wrk's own counters for the same runs (see below for why they cannot tell failures from refusals):")
    out.append("")
    out.append("| Archetype | Run | wrk requests | non-2xx | connect errors | read errors | write errors | timeouts |")
    out.append("|-----------|----:|-------------:|--------:|---------------:|------------:|-------------:|---------:|")
    out.extend(raw)


FAILED_CLASSES = {
    "failed_in_flight": "in flight at SIGTERM, not answered",
    "failed_answer": "error answer (non-2xx, cut off, or none within 2 s)",
    "failed_connect_before_sigterm": "connect failed before SIGTERM",
}


def allocator_table(res, out):
    out.append("| Archetype | Allocator | Binary | Requests/s (median) | p99 latency | Idle RSS | RSS after load |")
    out.append("|-----------|-----------|-------:|--------------------:|------------:|---------:|---------------:|")
    for a in res.archetypes:
        for v, name in ALLOCATORS.items():
            s = res.sizes.get((a, v))
            runs = res.load(f"{a}/{v}")
            if not s:
                continue
            if not runs:
                out.append(f"| {a} | {name} | {mib(s['binary_bytes'])} | not loaded (same code as "
                           f"{SAME_CODE_AS.get(a, '?')}) | | | |")
                continue
            out.append(f"| {a} | {name} | {mib(s['binary_bytes'])} | {fmt(median([r['rps'] for r in runs]), 0)}"
                       f"{spread([r['rps'] for r in runs])} | {fmt(median([r['p99_ms'] for r in runs]), 2)} ms "
                       f"| {fmt(median([r['rss_idle_kb'] / 1024 for r in runs]), 1)} MiB "
                       f"| {fmt(median([r['rss_after_load_kb'] / 1024 for r in runs]), 1)} MiB |")


def render(res, checks):
    f = res.facts
    quick = f.get("quick") == 1 or f.get("quick") == "1"
    out = []
    out.append("## Measured: sizes, builds, throughput, lifecycle")
    out.append("")
    out.append("<!-- Generated by bench/run from its raw results; edits between the bench markers are overwritten. -->")
    out.append("")
    if quick:
        out.append("> **Quick run** (`--quick`): one build and one load run per figure, short wrk runs. For checking "
                   "the pipeline only; these are not the published figures.")
        out.append("")
    out.append("Reproduce on an otherwise idle machine (the full run takes about 40 minutes on 2 cores):")
    out.append("")
    out.append("```sh")
    out.append("scripts/install-tools && bench/run")
    out.append("```")
    out.append("")
    out.append(f"This run: `{f.get('command')}`, started {f.get('started')}, took "
               f"{float(f.get('total_seconds', 0)) / 60:.1f} min.")
    out.append("")
    out.append("| Machine | |")
    out.append("|---|---|")
    for key, title in (("cpu", "CPU"), ("nproc", "CPUs (nproc)"), ("memory", "Memory"), ("kernel", "Kernel"),
                       ("os", "OS"), ("rustc", "Rust"), ("wrk", "wrk"), ("nginx", "nginx"),
                       ("loadavg_start", "Load average at start (1, 5, 15 min)"),
                       ("loadavg_end", "Load average at end"), ("rustkit_version", "rustkit"),
                       ("git", "Repository commit"), ("archetype_jars", "Archetype jars used (installed at)")):
        out.append(f"| {title} | {str(f.get(key, '?')).replace(';', '; ')} |")
    out.append("")
    out.append(f"Runs: {f.get('build_runs')} cold builds and {f.get('build_runs')} rebuilds per archetype; "
               f"{f.get('runs')} load runs per server; load `wrk {f.get('wrk_load')}`; SIGTERM under load: "
               f"`wrk {f.get('wrk_drain')}`. Every figure is the median of its runs.")
    out.append("")
    out.append("private-registry is not measured here: building it needs its private registry. Its service code is "
               "actix-scratch's plus one dependency on the internal crate, so its runtime figures are "
               "actix-scratch's; its binary and image are larger by whatever that crate compiles to.")
    out.append("")

    out.append("### Binary and image size")
    out.append("")
    sizes_table(res, out)
    out.append("")
    for a in res.archetypes:
        for v in VARIANT_TITLES:
            s = res.sizes.get((a, v))
            if s:
                checks.add(s["static"] is True, f"{a}/{v}: binary is static (no interpreter, no NEEDED)")
    out.append("Binaries: `RUSTFLAGS='-C target-feature=+crt-static' cargo build --locked --target "
               "x86_64-unknown-linux-gnu` with `--release`, `--profile min-size`, or `--release --no-default-features "
               "[--features jemalloc]` — the static glibc stand-in most tests run; the image's real musl build "
               "(`scripts/build-target`, measured in the allocators section) is smaller. Image: the files of the Dockerfile's "
               "final stage reproduced as a directory (`du -sb`: file bytes plus directory entries) and as a "
               "reproducible tar piped through `gzip -6` (close to what a registry stores). For `FROM scratch`: "
               "the binary, the rootfs stage's passwd and group, this machine's CA bundle (the image copies "
               "Alpine's, of similar size) and an empty /tmp. For distroless: the binary plus a stand-in for what "
               "distroless/static brings (passwd, group, CA bundle, /tmp); **the distroless base itself (about "
               "2 MB) is not measured here**, hence “+ base”.")
    out.append("")

    out.append("### Build time")
    out.append("")
    builds_table(res, out, checks)
    out.append("")
    out.append("Cold: `cargo build --release --locked` (flags as above) into an empty `CARGO_TARGET_DIR`, "
               "`CARGO_INCREMENTAL=0`, no compiler cache; cargo's download cache (`~/.cargo/registry`) is warm — "
               "`cargo fetch` ran before, so no figure includes downloads. Rebuild: a comment appended to "
               "`src/app.rs`, then the same command on a target dir whose dependencies are compiled — what the "
               "Dockerfile's build step does on top of the cooked cargo-chef layer; the log must show exactly one "
               "`Compiling` line, the service's. With fat LTO and one codegen unit most of a rebuild is the "
               "whole-program link, so the ratio is modest. Projects with the same dependency graph "
               "(actix-scratch and multiarch-buildx) share the warm target dir, as they would share a cooked layer; "
               "every cold build still starts empty.")
    out.append("")

    out.append("### /health throughput and latency, next to nginx")
    out.append("")
    load_tables(res, out, checks)
    out.append("")
    out.append(f"`wrk {f.get('wrk_load')}` against `http://127.0.0.1:PORT/health` on loopback. Each service is its "
               "static binary started plainly (not in a chroot) with only `PORT` in its environment, so it uses its "
               "defaults: one worker per CPU, log level info (probes log at debug, so the load writes no log "
               "lines). nginx (Debian's) answers the same path with a fixed `200 {\"status\":\"ok\"}`, "
               "`worker_processes auto`, no access log, unlimited keep-alive requests. wrk and the server share "
               f"the machine's {f.get('nproc')} CPUs, so these are figures for this box, not a capacity plan; tail "
               "latency (p99) mostly measures scheduling between wrk and the server. Runs are interleaved: each "
               "round starts every server once, in the same order, so drifting background load spreads over all "
               "of them. multiarch-buildx's service is byte for byte actix-scratch's; the gap between their rows "
               "is this run's noise.")
    out.append("")

    out.append("### Process lifecycle")
    out.append("")
    lifecycle_table(res, out, checks)
    out.append("")
    out.append("From the same runs. exec → first 200: from just before fork/exec to the first `200` on a fresh "
               "connection to `/health`, polled every 0.5 ms. Idle RSS: `VmRSS` from `/proc/PID/status` "
               f"{f.get('settle', '?')} s after the first 200 and before any load; after load: right after the wrk run; "
               "peak: `VmHWM`. SIGTERM → exit: signal sent by pid after the load run's connections were closed, "
               "until the process is reaped; the exit code must be 0. It includes the services' shutdown delay: "
               "after SIGTERM they report not ready and keep serving for `SHUTDOWN_DELAY_MS` (1 s by default) "
               "before they stop accepting, so about 1 s is the floor, by design.")
    out.append("")
    out.append("With one idle keep-alive connection open when SIGTERM arrives (what a proxy's connection pool "
               "leaves behind), the release build:")
    out.append("")
    keepalive_table(res, out, checks)
    out.append("")
    out.append("“Closed after”: when the observer saw the server close that connection, at the latest when the "
               "process exited. An exit within milliseconds means the server closes idle connections at once; an "
               "exit after seconds means it waited out its shutdown grace period for a connection that would never "
               "send anything.")
    out.append("")

    out.append("### SIGTERM under load")
    out.append("")
    drain_tables(res, out, checks)
    out.append("")
    out.append(f"Method: the release build is loaded by `wrk {f.get('wrk_drain')}`; SIGTERM is sent by pid while "
               "the load runs; the time to exit and the exit code are recorded. wrk alone cannot tell a failed "
               "request from an expected refusal: it counts a refused reconnect after the server stopped listening "
               "as a *write* error (loopback connects complete asynchronously) and a keep-alive connection closed "
               "by the server as a *read* error, and it does not know when SIGTERM was sent. So an observer client "
               "(`bench/probe.py drain`) runs alongside with its own keep-alive connections, each with one request "
               "outstanding at any time, and the same event loop sends SIGTERM — so for every request it knows "
               "whether it was written before or after the signal. A request written before SIGTERM was *in "
               "flight* when SIGTERM arrived: its bytes were already in the server's socket. Every request and "
               "every failed connection attempt lands in exactly one class:")
    out.append("")
    out.append("- **answered 200**;")
    out.append("- **failed** (must be 0): a request in flight at SIGTERM that got no complete 2xx answer; any "
               "non-2xx answer, an answer cut off, or no answer within 2 s (whenever written); a connection "
               "refused or reset before SIGTERM. wrk's non-2xx and timeout counts are added;")
    out.append("- **after SIGTERM: unanswered on keep-alive close** (not failed): a request written after SIGTERM "
               "on a reused keep-alive connection that the server then closed without a byte of answer. This is "
               "the keep-alive race every HTTP/1.1 server has when it closes connections; RFC 9112 §9.3.1 lets "
               "clients retry such a request (idempotent ones automatically) and clients and proxies do. At most "
               "one per connection;")
    out.append("- **after SIGTERM: new connection dropped** (not failed, reported because a client cannot safely "
               "retry it): a connection opened after SIGTERM that the kernel completed from the listen backlog, "
               "the request written, then closed or reset unanswered because the server no longer accepts;")
    out.append("- **after SIGTERM: connect refused / reset** (not failed): the attempt failed before a request "
               "was sent — refused once the listener is closed, or reset when the kernel drops its backlog. "
               "Expected; behind a load balancer the client goes to another replica. The observer stops "
               "reconnecting once the process has exited, so the count is no rate.")
    out.append("")
    out.append("“In flight at SIGTERM, answered” shows the test did catch requests in flight. “Listener closed "
               "after” is the first refused connect after SIGTERM (resolution about 5 ms). Only the observer's "
               "requests are classified; wrk supplies most of the load.")
    out.append("")
    out.append("Why none fail: the services keep serving for their shutdown delay after SIGTERM (already "
               "answering `/ready` with 503), and only then stop accepting. Without it, both frameworks closed "
               "keep-alive connections whose next request was already in the socket buffer — requests written "
               "before SIGTERM, never answered (7 of 10 actix runs, 8 requests each, before the delay was added).")
    out.append("")

    out.append("### Allocators on the same load")
    out.append("")
    allocator_table(res, out)
    out.append("")
    out.append("Each allocator is a build of the same service (`--no-default-features [--features jemalloc]`), "
               "loaded in the same rounds with the same wrk settings as the release build above.")
    out.append("")

    out.append("### Checks")
    out.append("")
    failed = checks.failed
    out.append(f"{len(checks.items) - len(failed)} of {len(checks.items)} must-hold checks passed"
               + ("." if not failed else ":"))
    if failed:
        out.append("")
        for text in failed:
            out.append(f"- **FAILED** {text}")
    out.append("")
    out.append("Must hold in every run, or bench/run exits non-zero: every binary static; every rebuild compiles "
               "only the service crate; no errors or non-2xx answers during load runs; exit code 0 after every "
               "SIGTERM, within 2 s when idle and before docker stop's SIGKILL (10 s) with an idle keep-alive "
               "connection or under load; no failed request when SIGTERM arrives under load.")
    out.append("")
    if res.phases:
        out.append("Phases of this run: " + ", ".join(f"{p['name']} {float(p['seconds']) / 60:.1f} min"
                                                     for p in res.phases) + ".")
        out.append("")
    return "\n".join(out)


def fragment(res, archetype, source):
    """The generated README's size section (a Velocity template: no hash or dollar signs at all)."""
    f = res.facts
    date = str(f.get("started", "?"))[:10]
    lines = ["Measured sizes", "--------------", "",
             "| Build | Binary | Image | Image, gzipped |", "|-------|-------:|------:|------:|"]
    for v in VARIANT_TITLES:
        s = res.sizes.get((source, v))
        if not s:
            continue
        base = " plus the distroless base" if s["base"] != "scratch" else ""
        lines.append(f"| {VARIANT_TITLES[v]} | {mib(s['binary_bytes'])} | {mib(s['image_bytes'])}{base} "
                     f"| {mib(s['image_gz_bytes'])}{base} |")
    lines.append("")
    note = (f"Measured {date} with rustkit {f.get('rustkit_version')} and {f.get('rustc')}, by `bench/run` in the "
            "rustkit repository (report and method: its docs/BENCHMARKS.md). Static x86_64 binaries (glibc with "
            "crt-static, standing in for the image's musl build); image = the files of the Dockerfile's final "
            "stage, uncompressed, and as a tar through gzip -6 (about what a registry stores and a pull fetches).")
    if archetype != source:
        note = (f"Measured on {source}, which has the same service code: this archetype adds the internal crate, "
                "whose size is not included. " + note)
    lines.append(note)
    text = "\n".join(lines) + "\n"
    for hazard in ("##", "#*", "$!", "${", "#", "$"):
        assert hazard not in text, f"fragment for {archetype} contains {hazard!r}, which Velocity would eat"
    return text


def write_report(out_dir, section):
    path = os.path.join(out_dir, "docs", "BENCHMARKS.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN not in text or END not in text or text.index(BEGIN) > text.index(END):
        text = text.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as out:
        out.write(head + BEGIN + "\n" + section.rstrip("\n") + "\n" + END + tail)
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", required=True)
    p.add_argument("--out-dir", required=True)
    args = p.parse_args()
    res = Results(args.results)
    checks = Checks()
    section = render(res, checks)
    path = write_report(args.out_dir, section)
    print(f"[bench] wrote {path}", file=sys.stderr)
    frag_dir = os.path.join(args.out_dir, "archetypes", "templates", "fragments", "measured")
    os.makedirs(frag_dir, exist_ok=True)
    targets = [(a, a) for a in res.archetypes]
    if "actix-scratch" in res.archetypes:
        targets.append(("private-registry", "actix-scratch"))
    for archetype, source in targets:
        frag = os.path.join(frag_dir, f"{archetype}.md")
        with open(frag, "w") as out:
            out.write(fragment(res, archetype, source))
        print(f"[bench] wrote {frag}", file=sys.stderr)
    for ok, text in checks.items:
        if not ok:
            print(f"[bench] FAILED: {text}", file=sys.stderr)
    print(f"[bench] checks: {len(checks.items) - len(checks.failed)}/{len(checks.items)} passed", file=sys.stderr)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
