#!/usr/bin/env bash
# Side by side, in one run: framewave's prescale (through a real worker process) against
# vipsthumbnail (libvips) and ImageMagick, on the benchmark fixtures (24 MP JPEG, 12 MP PNG,
# and a 12 MP HEIC like a phone's, made from the JPEG), to 1920x1080 fill. Needs hyperfine, libvips-tools and imagemagick (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in hyperfine:hyperfine vipsthumbnail:libvips-tools convert:imagemagick; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo build --release --locked
# The fixtures are made by the benchmark's first run.
[ -f target/bench-fixtures/24mp.jpg ] || cargo bench --bench prescale -- --test >/dev/null
[ -f target/bench-fixtures/12mp.heic ] ||
  convert target/bench-fixtures/24mp.jpg -resize 4032x3024^ -quality 85 target/bench-fixtures/12mp.heic
out=$(mktemp -d)
for input in target/bench-fixtures/{24mp.jpg,12mp.png,12mp.heic}; do
  hyperfine --warmup 2 --runs 10 --export-markdown "$out/$(basename "$input").md" \
    -n framewave "target/release/framewave prescale --in $input --size 1920x1080 --fit fill --out $out/fw.png" \
    -n vipsthumbnail "vipsthumbnail $input --size 1920x1080 --smartcrop centre -o $out/vips.png" \
    -n imagemagick "convert $input -resize 1920x1080^ -gravity center -extent 1920x1080 $out/im.png"
done
cat "$out"/*.md
