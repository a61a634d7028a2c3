//! `framewave visualizer` in a real window under Xvfb: the bars drawn from the audio worker's
//! record, alone on black, on the software rung and on a GPU rung (lavapipe), falling to rest
//! when the music ends.

mod common;

use std::path::Path;
use std::time::Duration;

use common::display::VirtualDisplay;
use common::show::Show;

const LIMIT: Duration = Duration::from_secs(60);

/// Share of the pixels in rows `y0..y1` that are lit (not black).
fn lit_rows(shot: &image::RgbaImage, (y0, y1): (u32, u32)) -> f64 {
    let mut lit = 0usize;
    for y in y0..y1 {
        for x in 0..shot.width() {
            let p = shot.get_pixel(x, y);
            lit += usize::from(u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) > 30);
        }
    }
    lit as f64 / ((y1 - y0) as usize * shot.width() as usize) as f64
}

/// A mono 16-bit WAV at 48 kHz: `seconds` of a chord, loud enough for every bar near it.
fn write_chord(path: &Path, seconds: f32) {
    let samples: Vec<f32> = (0..(seconds * 48_000.0) as usize)
        .map(|i| {
            let t = i as f32 / 48_000.0;
            [110.0, 220.0, 440.0, 880.0, 1_760.0, 3_520.0]
                .iter()
                .map(|hz| 0.12 * (t * std::f32::consts::TAU * hz).sin())
                .sum()
        })
        .collect();
    common::wav::write_wav(path, &samples, 48_000, 1);
}

/// The visualizer alone on `rung` with music from `file`: bars rise from the bottom of a
/// black screen while it plays, and everything falls back to black when it ends.
fn bars_rise_then_rest(rung: &str) {
    let display = VirtualDisplay::start(640, 360);
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("chord.wav");
    write_chord(&music, 3.0);
    let show = Show::start(
        &display,
        &[
            "visualizer",
            "--no-photos",
            "--rung",
            rung,
            "--size",
            "640x360",
            "--audio-file",
            music.to_str().unwrap(),
        ],
        &[],
    );
    common::wait_for_or(
        "bars in the bottom half of a black screen",
        LIMIT,
        || {
            let shot = display.screenshot();
            (lit_rows(&shot, (200, 360)) > 0.05 && lit_rows(&shot, (0, 60)) == 0.0).then_some(())
        },
        || show.log(),
    );
    show.wait_for_log("has played to its end", LIMIT);
    common::wait_for_or(
        "a black screen once the music is over",
        LIMIT,
        || (lit_rows(&display.screenshot(), (0, 360)) == 0.0).then_some(()),
        || show.log(),
    );
    assert!(
        show.log()
            .contains(&format!("listening to {}", music.display())),
        "{}",
        show.log()
    );
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "{log}");
    assert!(log.contains("audio worker 0: Stopped"), "{log}");
}

#[test]
fn the_visualizer_alone_draws_the_music_and_rests_after_it_on_the_software_rung() {
    bars_rise_then_rest("software");
}

#[test]
fn the_visualizer_alone_draws_the_music_and_rests_after_it_on_a_gpu_rung() {
    bars_rise_then_rest("compositor");
}
