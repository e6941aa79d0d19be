#!/usr/bin/env bash
# The performance benchmark of SPEC 8 (not a timed unit test): builds mmpipe in release mode,
# generates the cohorts into bench-out/ (git-ignored) and measures each, one run each, with
# /usr/bin/time -v:
#   - synth 1k, 10k and 100k patients (every table grouped by patient),
#   - a dense-history cohort (`synth --dense`: ~500 lab rows per patient),
#   - a shuffled copy of the 10k cohort (every table's rows in random order; its dataset files
#     must be byte-identical to the grouped cohort's: checked here),
# each against the bare libcsv scan of the same files (mmpipe scan). It prints Markdown tables
# for docs/performance.md: run / scan (SPEC 8: ≤ 3×), peak RSS / input (≤ 1.5×, flat for
# grouped input), rows/s, the per-stage split (from the run's progress lines), and the sizes
# of audit.jsonl (≤ 5 % of the input) and report.html (≤ 5 MB at 100k). The machine is shared:
# each run's CPU seconds and the load average before it are printed beside the wall time.
#
# Usage: scripts/bench.sh [PATIENTS...]      (default: 1000 10000 100000)
#   BENCH_DENSE=10000 (dense cohort's patients; 0 = none)   BENCH_SHUFFLE=10000 (0 = none)
#   BENCH_SITES=20 BENCH_SEED=1 BENCH_KEEP=1 BENCH_BIN=path/to/mmpipe (skip the build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
sites="${BENCH_SITES:-20}"
seed="${BENCH_SEED:-1}"
dense="${BENCH_DENSE:-10000}"
shuffle="${BENCH_SHUFFLE:-10000}"
out_root="bench-out"
timer=/usr/bin/time
[ -x "$timer" ] || { echo "bench: GNU time is required at /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v script >/dev/null || { echo "bench: 'script' (util-linux) is required for the per-stage split" >&2; exit 2; }

if [ -n "${BENCH_BIN:-}" ]; then
  bin="$BENCH_BIN"
else
  echo "bench: building mmpipe (release)…" >&2
  swift build -c release --product mmpipe >&2
  bin=".build/release/mmpipe"
fi
mkdir -p "$out_root"

export MMPIPE_STUDY_KEY="${MMPIPE_STUDY_KEY:-bench-key-not-secret}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1751241600}"

# measure LOGFILE CMD... → runs CMD under /usr/bin/time -v; prints "wall kbytes status cpu".
measure() {
  local log="$1"; shift
  local status=0
  "$timer" -v "$@" >"$log.out" 2>"$log" || status=$?
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s + 0 }' "$log")
  echo "${wall:-0} ${rss:-0} $status ${cpu:-0}"
}

fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, v }'; }
div() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (b > 0) printf "%.*f", d, a / b; else printf "n/a" }'; }

# shuffled SRC DST → a copy of every CSV with its data rows in random order (fixed seed).
shuffled() {
  mkdir -p "$2"
  for f in "$1"/*.csv; do
    { head -n 1 "$f"; tail -n +2 "$f" | shuf --random-source=<(yes "$seed"); } >"$2/$(basename "$f")"
  done
}

# stages LOG → "read derive finish read_cpu derive_cpu finish_cpu": wall and CPU seconds between
# the run's progress lines (a TTY run; each line reads "[12.3 s, 20.1 CPU s, peak …]").
stages() {
  tr '\r' '\n' <"$1" | awk '
    /\[[0-9.]+ s, [0-9.]+ CPU s, peak/ {
      match($0, /\[[0-9.]+ s/); t = substr($0, RSTART + 1, RLENGTH - 3) + 0
      match($0, /, [0-9.]+ CPU s/); c = substr($0, RSTART + 2, RLENGTH - 8) + 0 }
    /reading [0-9]+ file/ { r = t; rc = c }
    /validating, deriving and writing/ { v = t; vc = c }
    /writing .*…/ && !/deriving/ { w = t; wc = c }
    /done…/ { d = t; dc = c }
    END { printf "%.1f %.1f %.1f %.1f %.1f %.1f\n", v - r, w - v, d - w, vc - rc, wc - vc, dc - wc }'
}

cohorts=()
for n in "${sizes[@]}"; do cohorts+=("synth-$n"); done
[ "$dense" != "0" ] && cohorts+=("dense-$dense")
[ "$shuffle" != "0" ] && cohorts+=("shuffled-$shuffle")

main_rows=(); stage_rows=(); rates=(); checks=()
for c in "${cohorts[@]}"; do
  kind="${c%%-*}"; n="${c##*-}"
  cohort="$out_root/cohort-$c"
  out="$out_root/out-$c"
  rm -rf "$out"
  if [ ! -d "$cohort" ]; then
    echo "bench: generating $c…" >&2
    case "$kind" in
      synth) "$bin" synth --patients "$n" --sites "$sites" --seed "$seed" --out "$cohort" >/dev/null ;;
      dense) "$bin" synth --patients "$n" --sites "$sites" --seed "$seed" --dense --out "$cohort" >/dev/null ;;
      shuffled)
        [ -d "$out_root/cohort-synth-$n" ] || "$bin" synth --patients "$n" --sites "$sites" --seed "$seed" --out "$out_root/cohort-synth-$n" >/dev/null
        shuffled "$out_root/cohort-synth-$n" "$cohort" ;;
    esac
  fi
  bytes=$(cat "$cohort"/*.csv | wc -c)
  files=$(ls "$cohort"/*.csv | wc -l)
  rows=$(( $(cat "$cohort"/*.csv | wc -l) - files ))
  mb=$(div "$bytes" 1000000 1)

  echo "bench: run $c…" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  read -r r_wall r_rss r_status r_cpu < <(measure "$out_root/run-$c.time" "$bin" run "$cohort" --out "$out")
  echo "bench: scan $c…" >&2
  read -r s_wall s_rss s_status s_cpu < <(measure "$out_root/scan-$c.time" "$bin" scan "$cohort")
  # The same run on a pseudo-terminal for its progress lines (the per-stage split).
  rm -rf "$out_root/tty-$c"
  script -qec "$bin run $cohort --out $out_root/tty-$c" /dev/null >"$out_root/stages-$c.log" 2>&1 || true
  read -r st_read st_derive st_finish sc_read sc_derive sc_finish < <(stages "$out_root/stages-$c.log")
  rm -rf "$out_root/tty-$c"

  if [ "$r_status" -gt 1 ]; then  # 1 = the cohort has errors (SPEC 3), the run itself worked
    echo "bench: mmpipe run failed on $cohort (exit $r_status)" >&2
    main_rows+=("| $c | $mb | $rows | failed (exit $r_status) | | | | | | | | | |")
    continue
  fi
  audit_b=$(stat -c %s "$out/audit.jsonl"); report_b=$(stat -c %s "$out/report.html")
  out_mb=$(div "$(du -sb "$out" | cut -f1)" 1000000 0)
  rps=$(div "$rows" "$r_wall" 0)
  [ "$kind" = synth ] && rates+=("$rps")
  main_rows+=("| $c | $mb | $rows | $(fmt "$r_wall" 2) | $(fmt "$r_cpu" 1) | $rps | $(fmt "$s_wall" 2) | $(div "$r_wall" "$s_wall" 1) | $(div "$r_rss" 1024 0) | $(div "$(( r_rss * 1024 ))" "$bytes" 2) | $out_mb | $(div "$audit_b" 1000000 2) ($(div "$(( audit_b * 100 ))" "$bytes" 2) %) | $(div "$report_b" 1000000 2) |")
  stage_rows+=("| $c | $st_read ($sc_read) | $st_derive ($sc_derive) | $st_finish ($sc_finish) | $(div "$r_cpu" "$r_wall" 2) | $load |")

  if [ "$kind" = shuffled ]; then
    grouped="$out_root/out-synth-$n"
    if [ -d "$grouped" ]; then
      same=1
      for f in adsl adlot adrs adtte adae adexp; do
        cmp -s "$grouped/$f.csv" "$out/$f.csv" || { same=0; echo "bench: $f.csv of the shuffled cohort differs from the grouped one" >&2; }
      done
      for t in adsl adlot adrs adtte adae adexp; do
        [ "$(sqlite3 "$grouped/dataset.sqlite" "SELECT * FROM $t" | md5sum)" = "$(sqlite3 "$out/dataset.sqlite" "SELECT * FROM $t" | md5sum)" ] \
          || { same=0; echo "bench: table $t of dataset.sqlite differs for the shuffled cohort" >&2; }
      done
      if [ $same -eq 1 ]; then
        checks+=("shuffled-$n: ad*.csv and the dataset tables of dataset.sqlite byte-identical to synth-$n's")
      else
        checks+=("shuffled-$n: DIFFERS from synth-$n (see stderr)")
      fi
    else
      checks+=("shuffled-$n: synth-$n not in this run, not compared")
    fi
  fi
done
if [ -z "${BENCH_KEEP:-}" ]; then for c in "${cohorts[@]}"; do rm -rf "$out_root/out-$c"; done; fi

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo); $(swift --version 2>&1 | head -1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Cohorts: mmpipe synth --sites $sites --seed $seed (CSV, reference layout); dense = synth --dense; shuffled = the synth cohort's rows shuffled (shuf, fixed seed)."
echo
echo "| cohort | input MB | rows | run wall s | run CPU s | run rows/s | scan wall s | run / scan | peak RSS MB | RSS / input | outputs MB | audit.jsonl MB (% input) | report.html MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${main_rows[@]}"
echo
echo "Per stage (wall seconds between the progress lines of a second run on a terminal, CPU seconds in brackets): read + map + partition; validate + derive + dataset tables (both cores); findings, dataset.sqlite, report, audit log, manifest. CPU / wall and the load are those of the timed run."
echo
echo "| cohort | read s (CPU s) | derive + tables s (CPU s) | finish s (CPU s) | CPU / wall | load average (1 min) before the run |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${stage_rows[@]}"
if [ ${#rates[@]} -ge 2 ]; then
  spread=$(printf '%s\n' "${rates[@]}" | awk 'NR == 1 { mn = mx = $1 } { if ($1 < mn) mn = $1; if ($1 > mx) mx = $1 } END { printf "%.0f %%", (mx - mn) / mx * 100 }')
  echo
  echo "Spread of end-to-end rows/s across the synth sizes: $spread (SPEC 8: flat within 20 %)."
fi
for c in "${checks[@]}"; do echo; echo "Check: $c."; done
