#!/usr/bin/env bash
# Renders a report.html to PNG with headless Chromium, to check how the site report looks.
# Usage: scripts/report-screenshot.sh out/report.html [report.png] [width] [height]
# Needs chromium (Debian: apt-get install -y chromium).
set -euo pipefail
html="${1:?usage: $0 REPORT.html [OUT.png] [WIDTH] [HEIGHT]}"
png="${2:-${html%.html}.png}"
width="${3:-1280}"
height="${4:-2000}"
[ -f "$html" ] || { echo "report-screenshot: no such file: $html" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "report-screenshot: chromium not found; install it (apt-get install -y chromium)" >&2; exit 2; }
abs="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" \
  --window-size="${width},${height}" "file://$abs" 2>/dev/null
echo "$png"
