"""Turns scripts/bench's JSON lines into the Markdown table of docs/benchmarks.md:
per scenario and server, the median of the runs with their min-max."""
import json
import statistics
import sys

COLUMNS = [
    ("deliveries/s", lambda r: r.get("deliveries_per_s"), "{:,.0f}"),
    ("p50 ms", lambda r: r.get("latency_ms_p50"), "{:.1f}"),
    ("p99 ms", lambda r: r.get("latency_ms_p99"), "{:.1f}"),
    ("lost", lambda r: r.get("deliveries_lost"), "{:.0f}"),
    ("CPU-s per M deliveries", lambda r: r.get("server_cpu_s_per_million"), "{:.3f}"),
    ("peak RSS MiB", lambda r: r.get("server_peak_rss_kib", r.get("server_rss_kib", 0)) / 1024, "{:.0f}"),
    ("RSS/conn KiB", lambda r: r.get("server_rss_per_connection_kib"), "{:.1f}"),
    ("connect s", lambda r: r.get("connect_s"), "{:.2f}"),
    ("acks/s", lambda r: r.get("acks_per_s"), "{:,.0f}"),
    ("loadgen busy", lambda r: r.get("loadgen_busy"), "{:.2f}"),
]

# The handshake scenarios (confab-bench --handshakes) measure connections.
HANDSHAKE_COLUMNS = [
    ("connections/s", lambda r: r.get("connections_per_s"), "{:,.0f}"),
    ("server CPU ms per connection", lambda r: r.get("server_cpu_ms_per_connection"), "{:.3f}"),
    ("failed", lambda r: r.get("failed"), "{:.0f}"),
    ("loadgen busy", lambda r: r.get("loadgen_busy"), "{:.2f}"),
]


def cell(results, extract, fmt):
    values = [v for v in (extract(r) for r in results) if v is not None]
    if not values:
        return "–"
    median = fmt.format(statistics.median(values))
    if len(values) == 1:
        return median
    return f"{median} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def notes(scenario, results):
    out = []
    persisted = [r["persisted"] for r in results if "persisted" in r]
    if persisted:
        out.append(f"rows in SQLite after the run: {', '.join(str(p) for p in persisted)}")
    alone = [r["storage_alone"]["commits_per_s"] for r in results if "storage_alone" in r]
    if alone:
        out.append("the storage actor alone (confab-storage-bench, window 1024): "
                   + ", ".join(f"{a:,.0f}" for a in alone) + " messages committed per second")
    spread = [r["storage_alone_200_rooms"]["commits_per_s"] for r in results
              if "storage_alone_200_rooms" in r]
    if spread:
        out.append("the same over 200 rooms (`--rooms 200`, C's shape): "
                   + ", ".join(f"{a:,.0f}" for a in spread) + " messages committed per second")
    transfers = [r["transfer"] for r in results if "transfer" in r]
    if transfers:
        ok = all(t.get("upload_ok") and t.get("download_intact") for t in transfers)
        peak = max(t.get("server_peak_rss_upload_kib", 0) for t in transfers) / 1024
        out.append(f"200 MiB upload alongside: intact {ok}, server peak RSS during upload {peak:.0f} MiB")
    return out


def main(path):
    rows = {}
    for line in open(path):
        entry = json.loads(line)
        rows.setdefault((entry["scenario"], entry["server"]), []).append(entry["result"])
    def is_handshakes(results):
        return any("connections_per_s" in r for r in results)

    for columns, wanted in ((COLUMNS, False), (HANDSHAKE_COLUMNS, True)):
        table = [(key, results) for key, results in sorted(rows.items())
                 if is_handshakes(results) == wanted]
        if not table:
            continue
        print("| scenario | server | " + " | ".join(name for name, _, _ in columns) + " |")
        print("| --- | --- | " + " | ".join("---" for _ in columns) + " |")
        for (scenario, server), results in table:
            cells = [cell(results, extract, fmt) for _, extract, fmt in columns]
            print(f"| {scenario} | {server} | " + " | ".join(cells) + " |")
        print()
    for (scenario, server), results in sorted(rows.items()):
        for note in notes(scenario, results):
            print(f"\n{scenario} ({server}): {note}")


if __name__ == "__main__":
    main(sys.argv[1])
