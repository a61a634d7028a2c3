//! The clock over the show, in a real window under Xvfb: drawn at its anchor and nowhere else
//! (on black: the visualizer alone, listening to silence).

mod common;

use std::time::Duration;

use common::display::VirtualDisplay;
use common::show::Show;

const LIMIT: Duration = Duration::from_secs(60);

/// Share of lit pixels in the rectangle `x0..x1, y0..y1`.
fn lit(shot: &image::RgbaImage, (x0, x1): (u32, u32), (y0, y1): (u32, u32)) -> f64 {
    let mut count = 0usize;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = shot.get_pixel(x, y);
            count += usize::from(u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) > 90);
        }
    }
    count as f64 / ((x1 - x0) * (y1 - y0)) as f64
}

#[test]
fn the_clock_is_drawn_at_its_anchor_and_nowhere_else() {
    let display = VirtualDisplay::start(640, 360);
    let dir = tempfile::tempdir().unwrap();
    let silence = dir.path().join("silence.wav");
    common::wav::write_wav(&silence, &vec![0.0; 48_000 * 30], 48_000, 1);
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, "clock = true\nclock_anchor = \"bottom-left\"\n").unwrap();
    let show = Show::start(
        &display,
        &[
            "visualizer",
            "--no-photos",
            "--rung",
            "software",
            "--size",
            "640x360",
            "--config",
            settings.to_str().unwrap(),
            "--audio-file",
            silence.to_str().unwrap(),
        ],
        &[],
    );
    common::wait_for_or(
        "the clock in the bottom-left corner, and nothing else lit",
        LIMIT,
        || {
            let shot = display.screenshot();
            let corner = lit(&shot, (0, 320), (240, 360));
            let elsewhere = lit(&shot, (0, 640), (0, 180)) + lit(&shot, (320, 640), (180, 360));
            (corner > 0.01 && elsewhere == 0.0).then_some(())
        },
        || show.log(),
    );
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "{log}");
}
