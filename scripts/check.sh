#!/usr/bin/env bash
# The full check, as CI runs it: installs what is missing, then formatting, lints and every test.
# Tests that need a GPU run on Mesa's lavapipe (CPU Vulkan); window tests in a private Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 0700 "$XDG_RUNTIME_DIR"

echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings

# Window tests start their own private Xvfb display; GPU tests use lavapipe, headless or in it.
echo "== tests"
cargo test --locked --workspace --all-targets
echo "== build size: $(du -sh "${CARGO_TARGET_DIR:-target}" | cut -f1)"
