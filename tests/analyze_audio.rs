//! `framewave analyze-audio` on files the test writes: a click track's tempo, beats and tone
//! through the real binary, and a clear one-line error for a file that is corrupt, empty or
//! missing.

mod common;

use std::path::{Path, PathBuf};

const RATE: u32 = 44_100;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("framewave-audio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn write_wav(path: &Path, samples: &[f32], channels: u16) {
    common::wav::write_wav(path, samples, RATE, channels);
}

/// A 440 Hz tone 30 ms long every beat at `bpm`, as stereo, for `seconds`.
fn click_track(bpm: f64, seconds: f64) -> Vec<f32> {
    let frames = (seconds * f64::from(RATE)) as usize;
    let period = (60.0 / bpm * f64::from(RATE)) as usize;
    let click = (0.03 * f64::from(RATE)) as usize;
    (0..frames)
        .flat_map(|i| {
            let into = i % period;
            let s = if into < click {
                let t = into as f32 / RATE as f32;
                (std::f32::consts::TAU * 440.0 * t).sin() * (-(into as f32) / 400.0).exp()
            } else {
                0.0
            };
            [s, s]
        })
        .collect()
}

fn analyze(path: &Path) -> std::process::Output {
    common::command()
        .args(["analyze-audio", "--json", "--in"])
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn a_click_track_file_gives_its_tempo_beats_and_tone() {
    let path = scratch("clicks.wav");
    write_wav(&path, &click_track(120.0, 12.0), 2);
    let output = analyze(&path);
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["sample_rate"], RATE);
    assert!((report["duration_s"].as_f64().unwrap() - 12.0).abs() < 0.01);
    let bpm = report["bpm"].as_f64().unwrap();
    assert!((bpm - 120.0).abs() <= 1.0, "{report}");
    let peak = report["peak_hz"].as_f64().unwrap();
    assert!((peak - 440.0).abs() <= f64::from(RATE) / 2048.0, "{report}");
    let beats = report["beats"].as_array().unwrap();
    assert!((22..=25).contains(&beats.len()), "{report}");
    assert!(report["onsets"].as_array().unwrap().len() >= 22, "{report}");
    assert!(report["frames"].as_u64().unwrap() >= 1190);
    // The live analysis, as the visualizer has it by the end, reads the same tempo.
    let live = report["live_bpm"].as_f64().unwrap();
    assert!((live - 120.0).abs() <= 1.0, "{report}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let path = scratch("early.wav");
    write_wav(&path, &click_track(120.0, 3.0), 2);
    let mut child = common::command()
        .args(["analyze-audio", "--json", "--in"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reading end is closed before anything is written: the write meets a broken pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_corrupt_empty_or_missing_file_is_one_clear_error() {
    let corrupt = scratch("corrupt.wav");
    std::fs::write(
        &corrupt,
        b"RIFF\x10\x00\x00\x00WAVEfmt this is not a wave file at all",
    )
    .unwrap();
    let empty = scratch("empty.wav");
    write_wav(&empty, &[], 1);
    let missing = scratch("missing.flac");
    for (path, says) in [
        (&corrupt, "corrupt.wav"),
        (&empty, "empty.wav"),
        (&missing, "cannot open"),
    ] {
        let output = analyze(path);
        assert!(!output.status.success(), "{path:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}
