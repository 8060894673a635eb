#!/usr/bin/env bash
# Redraws the app icons from their SVG sources. Only needed after editing an SVG: the PNGs are committed,
# so packaging and tests never draw. Uses rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v rsvg-convert >/dev/null; then
  apt-get update -qq && apt-get install -y -qq librsvg2-bin >/dev/null
fi
rsvg-convert --width 192 --height 192 color.svg --output color.png
rsvg-convert --width 32 --height 32 outline.svg --output outline.png
echo "rendered color.png (192x192) and outline.png (32x32)"
