#!/usr/bin/env python3
"""CPU samples of one `ocrawl run`, by stage of the crawl (docs/benchmarks.md, "Against wget2 (issue 16)").

Record (perf from Debian's linux-perf; the runtime writes /tmp/perf-PID.map so that perf can name JIT code, and
W^X and ReadyToRun are off so that the code perf sees is in that map):

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 dotnet ocrawl.dll run SEEDS ... &
    perf record -F 499 -g -p $! -o perf.data
    perf script -i perf.data -F comm,tid,ip,sym,dso > perf.txt
    python3 bench/profile/perf_stages.py perf.txt

Each sample goes to the stage of the innermost frame that names one; GC and JIT threads by their thread name.
SQLite's native library has no frame pointers, so its file writes are recognized by their system calls.
"""
import collections
import re
import sys

STAGES = [
    ("DI resolve (Microsoft.Extensions.DependencyInjection)", r"Microsoft\.Extensions\.DependencyInjection"),
    ("store: SQLite (results, frontier)", r"libe_sqlite3|Microsoft\.Data\.Sqlite|SQLitePCL|SqlitePageStore|SqliteFrontierStore|FrontierJournal|GroupCommitter"),
    ("parse: AngleSharp + HtmlPageParser", r"AngleSharp|HtmlPageParser"),
    ("links: normalize, route, filter", r"OrleansCrawler\.Core\.Urls|LinkRout|RoutedLinkFilter|System\.Uri|System\.UriHelper|IriHelper"),
    ("seen-set, frontier in memory", r"SeenSet|UrlFingerprint|PartitionFrontier|XxHash"),
    ("fetch: HttpClient, sockets, decode", r"System\.Net\.Http|System\.Net\.Sockets|SocketAsyncEngine|SystemNative_(Send|Receive|Read|Write)|HttpPageFetcher|BodyReader|BodyDecoder|CharsetSniffer|GuardedDownloader|SendMarkingStream|System\.Text\.(UTF8Encoding|Encoding)|tcp_|sock_"),
    ("robots, politeness, budgets (stages)", r"OrleansCrawler\.(Pipeline|Core)\.(Stages|Robots|Politeness|Crawling)"),
    ("grain calls, Orleans scheduling and messaging", r"\[Orleans\.|Orleans\.Runtime|Orleans\.Serialization|OrleansCodeGen"),
    ("thread pool, tasks, wake-ups", r"System\.Threading|futex|sched_yield|LowLevel|pthread_cond|__schedule|epoll"),
]
STAGES = [(name, re.compile(rx)) for name, rx in STAGES]
# Page features that walk the document (AngleSharp frames under them are theirs, not the parse's): a sample whose stack
# holds one of these frames anywhere goes to the feature.
FEATURES = [
    ("content: main text, Markdown, Brotli (--content)", r"OrleansCrawler\.Core\.Content|ContentFeature|ContentStore|Brotli"),
    ("dedup: SimHash, digest, index grains (--dedup)", r"OrleansCrawler\.Core\.Dedup|Duplicate|SimHash"),
    ("fields: CSS selectors (--extract)", r"OrleansCrawler\.Core\.Fields|FieldsFeature|FieldStore"),
    ("warc: records, digests, gzip (--warc)", r"Warc|PayloadRecording"),
]
FEATURES = [(name, re.compile(rx)) for name, rx in FEATURES]
FILE_IO = re.compile(r"pwrite|pread|ext4|filemap|fcntl|vfs_write|vfs_read|fsync|fdatasync")
SOCKET_IO = re.compile(r"__libc_recv|__send|recvfrom|sendto|tcp_|__sys_recv|__sys_send")


def classify(comm, frames):
    if comm.startswith((".NET Server GC", ".NET SVR GC", ".NET BGC")):
        return "GC (server GC threads)"
    if comm.startswith(".NET Tiered"):
        return "JIT (tiered compilation thread)"
    for name, rx in FEATURES:
        if any(rx.search(frame) for frame in frames):
            return name
    for frame in frames:
        for name, rx in STAGES:
            if rx.search(frame):
                return name
    if any(FILE_IO.search(f) for f in frames[:8]):
        return "store: SQLite (results, frontier)"
    if any(SOCKET_IO.search(f) for f in frames[:8]):
        return "fetch: HttpClient, sockets, decode"
    if any("libclrjit" in f for f in frames):
        return "JIT (tiered compilation thread)"
    return "kernel/libc, caller not resolved"


def samples(path):
    comm, frames = None, []
    for line in open(path, errors="replace"):
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line[0].isspace():
            if comm is not None:
                yield comm, frames
            match = re.match(r"(.*?)\s+\d+\s*$", line.rstrip("\n"))
            comm, frames = (match.group(1) if match else line.strip()), []
        else:
            frames.append(line.strip())
    if comm is not None:
        yield comm, frames


def main():
    counts = collections.Counter(classify(comm, frames) for comm, frames in samples(sys.argv[1]))
    total = sum(counts.values())
    for name, n in counts.most_common():
        print(f"{n * 100.0 / total:5.1f} %  {n:7d}  {name}")
    print(f"{total} samples")


if __name__ == "__main__":
    main()
