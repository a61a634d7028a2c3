//! Helpers shared by the integration tests.
#![allow(dead_code)] // reason: each test binary uses its own subset of these helpers.

pub mod display;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_framewave"))
}

pub fn bundled_photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/photos")
        .join(name)
}

/// Polls `condition` until it returns `Some`, or panics with `what` after `limit`.
/// The limit is a generous bound for slow CI machines, not a timing assertion.
pub fn wait_for<T>(what: &str, limit: Duration, mut condition: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = condition() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Process ids whose parent is `pid`, read from /proc.
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| parent_of(*child) == Some(pid))
        .collect()
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: parse after the last ')'.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(1)?.parse().ok()
}

/// True if `pid` exists and is not a zombie.
pub fn is_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after_name = stat[stat.rfind(')')? + 2..].to_string();
            after_name.chars().next()
        })
        .is_some_and(|state| state != 'Z' && state != 'X')
}

/// Names currently in /dev/shm.
pub fn shm_entries() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("/dev/shm")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Mean absolute difference and largest difference between two equally sized RGBA buffers.
pub fn difference(a: &[u8], b: &[u8]) -> (f64, u8) {
    assert_eq!(a.len(), b.len(), "images differ in size");
    let mut total = 0u64;
    let mut largest = 0u8;
    for (x, y) in a.iter().zip(b) {
        let d = x.abs_diff(*y);
        total += d as u64;
        largest = largest.max(d);
    }
    (total as f64 / a.len().max(1) as f64, largest)
}
