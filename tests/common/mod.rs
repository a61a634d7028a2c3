//! Helpers shared by the integration tests.
#![allow(dead_code)] // reason: each test binary uses its own subset of these helpers.

pub mod display;
pub mod exif;
pub mod input;
pub mod show;
pub mod stalled_share;
pub mod wav;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_framewave"))
}

/// The binary, run with a config directory of its own (empty): a settings file of the
/// machine's user never changes what a test sees.
pub fn command() -> std::process::Command {
    let config = std::env::temp_dir().join(format!("framewave-test-config-{}", std::process::id()));
    let mut command = std::process::Command::new(exe());
    command.env("XDG_CONFIG_HOME", config);
    command
}

/// A path for a settings file of the test `name`, in an empty folder of its own.
pub fn scratch_settings(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "framewave-test-settings-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("settings.toml")
}

pub fn bundled_photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/photos")
        .join(name)
}

/// Polls `condition` until it returns `Some`, or panics with `what` after `limit`.
/// The limit is a generous bound for slow CI machines, not a timing assertion.
pub fn wait_for<T>(what: &str, limit: Duration, condition: impl FnMut() -> Option<T>) -> T {
    wait_for_or(what, limit, condition, String::new)
}

/// [`wait_for`], with `context` (a process's log, say) in the message if it times out.
pub fn wait_for_or<T>(
    what: &str,
    limit: Duration,
    mut condition: impl FnMut() -> Option<T>,
    context: impl Fn() -> String,
) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = condition() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?} waiting for {what}\n{}",
            context()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[allow(unused_imports)] // reason: each test binary uses its own subset.
pub use framewave::procfs::{is_alive, shm_entries, workers_under};

/// A photo fills the window's area (the top-left 640x360 of the screen): neither black nor
/// flat.
pub fn is_photo(shot: &image::RgbaImage) -> bool {
    let lumas: Vec<f64> = shot
        .enumerate_pixels()
        .filter(|(x, y, _)| *x < 640 && *y < 360)
        .map(|(_, _, p)| 0.2126 * p[0] as f64 + 0.7152 * p[1] as f64 + 0.0722 * p[2] as f64)
        .collect();
    let mean = lumas.iter().sum::<f64>() / lumas.len() as f64;
    let spread =
        (lumas.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lumas.len() as f64).sqrt();
    mean > 20.0 && spread > 10.0
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
