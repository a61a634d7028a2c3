#!/usr/bin/env bash
# Installs what is missing, builds framewave and opens the windowed slideshow on the bundled
# photos. Any arguments are passed on (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --locked
exec target/release/framewave "$@"
