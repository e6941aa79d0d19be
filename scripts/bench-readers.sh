#!/usr/bin/env bash
# Reader benchmark (SPEC 8): MB/s, rows/s and peak RSS of
#   1. the bare libcsv scan           (mmpipe scan FILE.csv)
#   2. the full CSV reader, RawRows   (mmpipe scan --rows FILE.csv)
#   3. the ODM reader (SAX2)          (mmpipe scan --rows FILE.xml)
# on generated inputs (~290 MB labs CSV, 6 M rows; ~220 MB ODM, 650 k ItemGroupData), kept
# outside the repository (BENCH_DATA, default /tmp/mmpipe-bench). Results: docs/performance-readers.md.
#
#   scripts/bench-readers.sh            # generate if missing, build release, measure (2 runs each)
#   RUNS=3 BENCH_DATA=/scratch scripts/bench-readers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
DATA="${BENCH_DATA:-/tmp/mmpipe-bench}"
RUNS="${RUNS:-2}"
mkdir -p "$DATA"
[ -f "$DATA/labs.csv" ] || python3 scripts/gen-bench-inputs.py csv "$DATA/labs.csv" --rows "${CSV_ROWS:-6000000}"
[ -f "$DATA/labs.xml" ] || python3 scripts/gen-bench-inputs.py odm "$DATA/labs.xml" --rows "${ODM_ROWS:-650000}"

swift build -c release --product mmpipe >/dev/null
BIN="$(swift build -c release --show-bin-path)/mmpipe"
TIMES="$(mktemp)"
trap 'rm -f "$TIMES"' EXIT

# Warm the page cache so that every mode reads from memory, not from the disk.
cat "$DATA/labs.csv" "$DATA/labs.xml" > /dev/null

measure() {
    local label="$1"; shift
    for run in $(seq "$RUNS"); do
        local total
        total="$(/usr/bin/time -v "$@" 2> "$TIMES" | awk -F'\t' '$1 == "total" { print $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 }')"
        local rss cpu bytes
        rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$TIMES")"
        # CPU seconds (user + system): less disturbed than wall time on a shared machine.
        cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$TIMES")"
        bytes="$(printf '%s' "$total" | cut -f2)"
        printf '%-26s run %s\t%s\t%s\t%s\t%s MB\n' "$label" "$run" "$total" "$cpu" \
            "$(awk -v b="$bytes" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.1f", b / 1e6 / c }')" "$rss"
    done
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
printf '%-26s      \trows\tbytes\twall s\tMB/s\trows/s\tCPU s\tMB/CPU-s\tpeak RSS\n' "mode"
measure "bare libcsv scan (csv)" "$BIN" scan "$DATA/labs.csv"
measure "CSVFileReader rows (csv)" "$BIN" scan --rows "$DATA/labs.csv"
measure "ODMFileReader rows (xml)" "$BIN" scan --rows "$DATA/labs.xml"
