//! One module per mode of the executable.

pub mod analyze_audio;
pub mod audio_devices;
pub mod config;
pub mod prescale;
pub mod render;
pub mod scan;
pub mod show;
pub mod soak;
pub mod transitions;
pub mod worker;

use std::path::Path;

use std::io::Write as _;

use anyhow::Context as _;

/// Prints a diagnostic report as JSON: one line (`--json`) or indented.
fn print_json(report: &impl serde::Serialize, one_line: bool) -> anyhow::Result<()> {
    let text = if one_line {
        serde_json::to_string(report)?
    } else {
        serde_json::to_string_pretty(report)?
    };
    // A reader that stops early (`| head`) is not an error of ours.
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.context("cannot write the report"),
    }
}

/// Writes tightly packed RGBA8 pixels as a PNG: the output of the one-shot tools.
fn write_png(path: &Path, pixels: &[u8], width: u32, height: u32) -> anyhow::Result<()> {
    image::save_buffer(path, pixels, width, height, image::ExtendedColorType::Rgba8)
        .with_context(|| format!("cannot write {}", path.display()))
}
