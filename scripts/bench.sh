#!/usr/bin/env bash
# The performance benchmark of SPEC 8 (not a timed unit test): builds mmpipe in release mode,
# generates `mmpipe synth` cohorts of 1k, 10k and 100k patients into bench-out/ (git-ignored),
# and for each measures with /usr/bin/time -v
#   - the generator itself (mmpipe synth),
#   - the end-to-end pipeline (mmpipe run <cohort> --out <dir>): wall time, peak RSS,
#   - the bare libcsv scan of the same files (mmpipe scan <cohort>),
# then prints a Markdown table for docs/performance.md: input MB, rows, rows/s, MB/s, the ratio
# end-to-end / bare scan (SPEC 8: within 2×), peak RSS / input size (≤ 1.5×) and the spread
# of rows/s across sizes (linear: flat within 20 %).
#
# Usage: scripts/bench.sh [PATIENTS...]      (default: 1000 10000 100000)
#   BENCH_SITES=20 BENCH_SEED=1 BENCH_KEEP=1 scripts/bench.sh 1000 10000
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
sites="${BENCH_SITES:-20}"
seed="${BENCH_SEED:-1}"
out_root="bench-out"
timer=/usr/bin/time
[ -x "$timer" ] || { echo "bench: GNU time is required at /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "bench: building mmpipe (release)…" >&2
swift build -c release --product mmpipe >&2
bin=".build/release/mmpipe"
mkdir -p "$out_root"

# Whether the scan-only mode exists in this build.
has_scan=0
# (`mmpipe scan --help` would print the root help when scan is missing: read the list instead.)
"$bin" --help 2>/dev/null | sed -n '/SUBCOMMANDS/,$p' | grep -qE '^[[:space:]]+scan([[:space:]]|$)' && has_scan=1
[ $has_scan -eq 1 ] || echo "bench: 'mmpipe scan' is not in this build: the bare-scan columns read n/a." >&2

export MMPIPE_STUDY_KEY="${MMPIPE_STUDY_KEY:-bench-key-not-secret}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1751241600}"

# measure LOGFILE CMD... → runs CMD under /usr/bin/time -v; prints "seconds kbytes status".
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

gen_rows=(); table_rows=(); extra_rows=()
rates=()
for n in "${sizes[@]}"; do
  cohort="$out_root/cohort-$n"
  rm -rf "$cohort" "$out_root/out-$n"
  echo "bench: synth $n patients…" >&2
  read -r g_wall g_rss g_status g_cpu < <(measure "$out_root/synth-$n.time" "$bin" synth --patients "$n" --sites "$sites" \
    --seed "$seed" --out "$cohort")
  [ "$g_status" -eq 0 ] || { echo "bench: synth failed (see $out_root/synth-$n.time)" >&2; exit 1; }
  bytes=$(cat "$cohort"/*.csv | wc -c)
  files=$(ls "$cohort"/*.csv | wc -l)
  rows=$(( $(cat "$cohort"/*.csv | wc -l) - files ))
  mb=$(div "$bytes" 1000000 1)
  gen_rows+=("| $n | $rows | $mb | $(fmt "$g_wall" 2) | $(div "$rows" "$g_wall" 0) | $(div "$bytes" "$(awk -v w="$g_wall" 'BEGIN{print w*1000000}')" 1) | $(div "$g_rss" 1024 0) |")

  echo "bench: run $n patients…" >&2
  read -r r_wall r_rss r_status r_cpu < <(measure "$out_root/run-$n.time" "$bin" run "$cohort" --out "$out_root/out-$n")
  if [ $has_scan -eq 1 ]; then
    echo "bench: scan $n patients…" >&2
    read -r s_wall s_rss s_status s_cpu < <(measure "$out_root/scan-$n.time" "$bin" scan "$cohort")
    # The readers alone (CSVFileReader → RawRow, no mapping): where the ingest cost starts.
    read -r w_wall w_rss w_status w_cpu < <(measure "$out_root/scanrows-$n.time" "$bin" scan --rows "$cohort")
  else
    s_wall=0; s_rss=0; s_status=127; w_wall=0; w_status=127
  fi
  out_mb="n/a"
  [ -d "$out_root/out-$n" ] && out_mb=$(div "$(du -sb "$out_root/out-$n" | cut -f1)" 1000000 0)
  audit_mb="n/a"
  [ -f "$out_root/out-$n/audit.jsonl" ] && audit_mb=$(div "$(stat -c %s "$out_root/out-$n/audit.jsonl")" 1000000 0)
  extra_rows+=("| $n | $(fmt "$r_cpu" 1) | $(div "$r_cpu" "$r_wall" 2) | $( [ "$w_status" -eq 0 ] && fmt "$w_wall" 2 || echo n/a) | $( [ "$w_status" -eq 0 ] && [ "$s_status" -eq 0 ] && div "$w_wall" "$s_wall" 1 || echo n/a) | $out_mb | $audit_mb |")

  if [ "$r_status" -le 1 ]; then  # 1 = the cohort has errors (SPEC 3), the run itself worked
    r_time=$(fmt "$r_wall" 2); r_rps=$(div "$rows" "$r_wall" 0)
    r_mbs=$(div "$bytes" "$(awk -v w="$r_wall" 'BEGIN{print w*1000000}')" 1)
    r_mem=$(div "$r_rss" 1024 0); mem_ratio=$(div "$(( r_rss * 1024 ))" "$bytes" 2)
    rates+=("$r_rps")
  else
    r_time="failed (exit $r_status)"; r_rps="n/a"; r_mbs="n/a"; r_mem="n/a"; mem_ratio="n/a"
    echo "bench: mmpipe run failed on $cohort (exit $r_status): $(tail -1 "$out_root/run-$n.time.out" 2>/dev/null; grep -m1 mmpipe "$out_root/run-$n.time" 2>/dev/null)" >&2
  fi
  if [ "$s_status" -eq 0 ]; then
    s_time=$(fmt "$s_wall" 2); s_rps=$(div "$rows" "$s_wall" 0)
    s_mbs=$(div "$bytes" "$(awk -v w="$s_wall" 'BEGIN{print w*1000000}')" 1)
  elif [ $has_scan -eq 0 ]; then
    s_time="n/a (no scan)"; s_rps="n/a"; s_mbs="n/a"
  else
    s_time="failed (exit $s_status)"; s_rps="n/a"; s_mbs="n/a"
  fi
  if [ "$r_status" -eq 0 ] && [ "$s_status" -eq 0 ]; then ratio=$(div "$r_wall" "$s_wall" 2); else ratio="n/a"; fi
  table_rows+=("| $n | $mb | $rows | $r_time | $r_rps | $r_mbs | $r_mem | $s_time | $s_rps | $s_mbs | $ratio | $mem_ratio |")
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$out_root/out-$n"
done

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo); $(swift --version 2>&1 | head -1)"
echo "Cohorts: mmpipe synth --sites $sites --seed $seed (CSV, reference layout)."
echo
echo "Generator (mmpipe synth):"
echo
echo "| patients | rows | MB | wall s | rows/s | MB/s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${gen_rows[@]}"
echo
echo "End-to-end (mmpipe run) against the bare libcsv scan (mmpipe scan):"
echo
echo "| patients | input MB | rows | run wall s | run rows/s | run MB/s | run peak RSS MB | scan wall s | scan rows/s | scan MB/s | run / scan | peak RSS / input |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${table_rows[@]}"
echo
echo "Where the run spends (CPU = user + system s of mmpipe run; reader = mmpipe scan --rows; outputs = size of the output folder):"
echo
echo "| patients | run CPU s | CPU / wall | reader wall s | reader / scan | outputs MB | audit.jsonl MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${extra_rows[@]}"
if [ ${#rates[@]} -ge 2 ]; then
  spread=$(printf '%s\n' "${rates[@]}" | awk 'NR == 1 { mn = mx = $1 } { if ($1 < mn) mn = $1; if ($1 > mx) mx = $1 } END { printf "%.0f %%", (mx - mn) / mx * 100 }')
  echo
  echo "Spread of end-to-end rows/s across sizes: $spread (SPEC 8: flat within 20 %)."
fi
