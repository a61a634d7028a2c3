//! The settings panel in the real program, under Xvfb: opened over a running show with S and
//! with the button that appears when the mouse moves, closed with Esc (the show goes on);
//! `framewave settings` on a corrupt settings file (kept aside, the panel on the defaults);
//! and a change made as the panel makes one reaching the running show by its next frame.

mod common;

use std::time::Duration;

use common::display::VirtualDisplay;
use common::input::Keyboard;
use common::show::Show;
use x11rb::connection::Connection as _;

const LIMIT: Duration = Duration::from_secs(60);

const LETTER_S: u32 = 0x73;
const ESCAPE: u32 = 0xff1b;

/// Share of the pixels in the box (x0, y0, x1, y1) that are a flat grey within `levels`: the
/// panel's window (20 to 40) or a button (45 to 90); a photo has almost none.
fn grey_share(
    shot: &image::RgbaImage,
    (x0, y0, x1, y1): (u32, u32, u32, u32),
    levels: std::ops::RangeInclusive<u8>,
) -> f64 {
    let mut grey = 0usize;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = shot.get_pixel(x, y);
            let flat = p[0].abs_diff(p[1]) <= 2 && p[1].abs_diff(p[2]) <= 2;
            grey += usize::from(flat && levels.contains(&p[0]));
        }
    }
    grey as f64 / ((x1 - x0) * (y1 - y0)) as f64
}

/// The panel's own dark grey (egui's window fill) in the box.
fn panel_grey(shot: &image::RgbaImage, area: (u32, u32, u32, u32)) -> f64 {
    grey_share(shot, area, 20..=40)
}

/// The middle of a 1280x720 screen, where the panel opens.
const MIDDLE: (u32, u32, u32, u32) = (500, 250, 780, 470);

#[test]
fn s_opens_the_panel_over_the_show_the_button_too_and_esc_closes_it() {
    let display = VirtualDisplay::start(1280, 720);
    let config = common::scratch_settings("panel-keys");
    let show = Show::start(
        &display,
        &[
            "--rung",
            "software",
            "--size",
            "1280x720",
            "--config",
            config.to_str().unwrap(),
        ],
        &[],
    );
    common::wait_for_or(
        "a photo on screen",
        LIMIT,
        || {
            let shot = display.screenshot();
            let lit = shot
                .pixels()
                .filter(|p| p[0] > 40 || p[1] > 40 || p[2] > 40)
                .count();
            (lit > shot.pixels().len() / 2).then_some(())
        },
        || show.log(),
    );
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let keyboard = Keyboard {
        connection: &connection,
        root: connection.setup().roots[screen].root,
    };
    keyboard.mouse_to(640, 360);
    keyboard.focus_topmost();
    keyboard.tap(LETTER_S);
    show.wait_for_log("settings panel open in", LIMIT);
    common::wait_for_or(
        "the panel in the middle of the screen",
        LIMIT,
        || (panel_grey(&display.screenshot(), MIDDLE) > 0.5).then_some(()),
        || show.log(),
    );
    keyboard.tap(ESCAPE);
    common::wait_for_or(
        "the photo again where the panel was",
        LIMIT,
        || (panel_grey(&display.screenshot(), MIDDLE) < 0.1).then_some(()),
        || show.log(),
    );
    // The button comes with the mouse, top right (for 3 s after it last moved: the hand keeps
    // moving it as it looks), and opens the panel.
    let mut nudge = 0;
    common::wait_for_or(
        "the settings button, top right",
        LIMIT,
        || {
            nudge = 1 - nudge;
            keyboard.mouse_to(1225 + nudge, 28);
            (grey_share(&display.screenshot(), (1200, 20, 1256, 38), 45..=90) > 0.3).then_some(())
        },
        || show.log(),
    );
    // A hand on the mouse moves it as it clicks (the button goes 3 s after the last move).
    keyboard.mouse_to(1226, 29);
    keyboard.click();
    common::wait_for_or(
        "the panel opened by its button",
        LIMIT,
        || (panel_grey(&display.screenshot(), MIDDLE) > 0.5).then_some(()),
        || show.log(),
    );
    assert!(
        show.log().matches("settings panel open in").count() >= 2,
        "{}",
        show.log()
    );
    // Esc closed the panel, not the show: it ends only when told.
    let mut show = show;
    assert!(show.ui.try_wait().unwrap().is_none(), "{}", show.log());
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "{log}");
}

#[test]
fn a_corrupt_settings_file_is_kept_aside_and_the_panel_opens_on_the_defaults() {
    let display = VirtualDisplay::start(1280, 720);
    let config = common::scratch_settings("panel-corrupt");
    std::fs::write(&config, "display_secs = = 6\n[[[").unwrap();
    let show = Show::start(
        &display,
        &[
            "settings",
            "--window",
            "--rung",
            "software",
            "--size",
            "1280x720",
            "--config",
            config.to_str().unwrap(),
        ],
        &[],
    );
    show.wait_for_log("settings panel open in", LIMIT);
    common::wait_for_or(
        "the panel",
        LIMIT,
        || (panel_grey(&display.screenshot(), MIDDLE) > 0.5).then_some(()),
        || show.log(),
    );
    let log = show.log();
    assert!(log.contains("cannot be read as TOML"), "{log}");
    assert!(log.contains("using the defaults"), "{log}");
    let aside = config.with_extension("toml.bak");
    assert_eq!(
        std::fs::read_to_string(&aside).unwrap(),
        "display_secs = = 6\n[[[",
        "the bad file is kept as it was"
    );
    assert!(
        !config.exists(),
        "nothing is written until a setting changes"
    );
    // Closing the panel ends `framewave settings`.
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let keyboard = Keyboard {
        connection: &connection,
        root: connection.setup().roots[screen].root,
    };
    keyboard.mouse_to(640, 360);
    keyboard.focus_topmost();
    keyboard.tap(ESCAPE);
    let (status, log) = show.finish();
    assert!(status.success(), "{log}");
}

#[test]
fn a_change_made_as_the_panel_makes_it_reaches_the_show_by_its_next_frame() {
    let display = VirtualDisplay::start(1280, 720);
    let output = common::command()
        .args([
            "soak",
            "--seconds",
            "6",
            "--panel",
            "--rung",
            "software",
            "--set",
            "transition=\"wipe\"",
            "--set",
            "clock=true",
            "--json",
        ])
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("running the soak");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["panel_open_ms"].is_number(), "{report}");
    assert!(report["change_applied_ms"].is_number(), "{report}");
    assert_eq!(report["frames_before_change"], 0, "{report}");
    // Every transition begun after the change is the one asked for (one already under way
    // may finish).
    let runs = report["per_transition"].as_object().unwrap();
    assert!(runs.contains_key("wipe"), "{report}");
    assert!(runs.len() <= 2, "{report}");
    assert_eq!(report["leftover_processes"], 0, "{report}");
}
