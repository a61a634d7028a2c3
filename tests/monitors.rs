//! framewave on two monitors under a real X server (Xorg's dummy driver; Xvfb shows winit only
//! one): a window covering each monitor exactly, each with its own photos or all the same;
//! monitors unplugged and plugged in while the show runs; and the screensaver's exit rules and
//! hotkeys by synthetic input (XTEST, as xdotool sends it).

mod common;

use std::time::{Duration, Instant};

use common::display::{LEFT_MONITOR, RIGHT_MONITOR, VirtualDisplay};
use common::input::Keyboard;
use common::show::Show;
use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _, InputFocus, MapState, Window};
use x11rb::rust_connection::RustConnection;

const LIMIT: Duration = Duration::from_secs(90);

/// These tests run one at a time: each drives two full-screen windows on the CPU, and four at
/// once on a 2-core machine starve each other's (niced) decode workers for a minute.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The part of `shot` a monitor (x, y, width, height) shows.
fn monitor(shot: &image::RgbaImage, (x, y, w, h): (u32, u32, u32, u32)) -> image::RgbaImage {
    image::imageops::crop_imm(shot, x, y, w, h).to_image()
}

/// A small copy of `image`, to compare photos shown at different sizes.
fn thumbnail(image: &image::RgbaImage) -> Vec<u8> {
    image::imageops::resize(image, 64, 36, image::imageops::FilterType::Triangle).into_raw()
}

/// Both monitors show a photo: their two parts of the screen.
fn both_photos(display: &VirtualDisplay) -> Option<(image::RgbaImage, image::RgbaImage)> {
    let shot = display.screenshot();
    let (left, right) = (monitor(&shot, LEFT_MONITOR), monitor(&shot, RIGHT_MONITOR));
    (common::is_photo(&left) && common::is_photo(&right)).then_some((left, right))
}

/// framewave's windows on screen, each as (x, y, width, height) on the desktop.
fn framewave_windows(
    connection: &RustConnection,
    root: Window,
) -> Vec<(Window, (i32, i32, u32, u32))> {
    let children = connection
        .query_tree(root)
        .unwrap()
        .reply()
        .unwrap()
        .children;
    children
        .into_iter()
        .filter(|&window| {
            let viewable = connection
                .get_window_attributes(window)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some_and(|a| a.map_state == MapState::VIEWABLE);
            let name = connection
                .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::STRING, 0, 64)
                .ok()
                .and_then(|c| c.reply().ok())
                .map(|p| p.value)
                .unwrap_or_default();
            viewable && name == b"framewave"
        })
        .filter_map(|window| {
            let geometry = connection.get_geometry(window).ok()?.reply().ok()?;
            let at = connection
                .translate_coordinates(window, root, 0, 0)
                .ok()?
                .reply()
                .ok()?;
            let place = (
                i32::from(at.dst_x),
                i32::from(at.dst_y),
                u32::from(geometry.width),
                u32::from(geometry.height),
            );
            Some((window, place))
        })
        .collect()
}

fn as_place((x, y, w, h): (u32, u32, u32, u32)) -> (i32, i32, u32, u32) {
    (x as i32, y as i32, w, h)
}

#[test]
fn every_monitor_gets_a_window_covering_it_exactly_with_photos_of_its_own_and_monitors_are_followed()
 {
    let _alone = one_at_a_time();
    let display = VirtualDisplay::two_monitors();
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let root = connection.setup().roots[screen].root;
    let show = Show::start(&display, &["--fullscreen", "--display-secs", "60"], &[]);
    let (left, right) = common::wait_for_or(
        "a photo on each monitor",
        LIMIT,
        || both_photos(&display),
        || show.log(),
    );
    let mut places: Vec<_> = framewave_windows(&connection, root)
        .into_iter()
        .map(|(_, place)| place)
        .collect();
    places.sort_unstable();
    assert_eq!(
        places,
        vec![as_place(LEFT_MONITOR), as_place(RIGHT_MONITOR)],
        "one window exactly over each monitor:\n{}",
        show.log()
    );
    let (different, _) = common::difference(&thumbnail(&left), &thumbnail(&right));
    assert!(
        different > 12.0,
        "each monitor shows a photo of its own sequence (mean difference {different:.1})"
    );
    display.unplug_right_monitor();
    show.wait_for_log("monitor DUMMY1 is gone: window 1 closes", LIMIT);
    common::wait_for_or(
        "the unplugged monitor's window to close",
        LIMIT,
        || (framewave_windows(&connection, root).len() == 1).then_some(()),
        || show.log(),
    );
    display.plug_in_right_monitor();
    show.wait_for_log("monitor DUMMY1 plugged in: a window opens on it", LIMIT);
    common::wait_for_or(
        "a photo on the monitor plugged in again",
        LIMIT,
        || both_photos(&display),
        || show.log(),
    );
    let windows = framewave_windows(&connection, root);
    assert!(
        windows
            .iter()
            .any(|(_, place)| *place == as_place(RIGHT_MONITOR)),
        "a window over the monitor plugged in again: {windows:?}"
    );
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn the_same_photo_on_every_monitor_when_asked() {
    let _alone = one_at_a_time();
    let display = VirtualDisplay::two_monitors();
    let config = common::scratch_settings("same-photo");
    std::fs::write(&config, "same_photo_on_all_monitors = true\n").unwrap();
    let config = config.to_str().unwrap();
    let show = Show::start(
        &display,
        &["--config", config, "--fullscreen", "--display-secs", "60"],
        &[],
    );
    let (left, right) = common::wait_for_or(
        "a photo on each monitor",
        LIMIT,
        || both_photos(&display),
        || show.log(),
    );
    let (different, _) = common::difference(&thumbnail(&left), &thumbnail(&right));
    assert!(
        different < 6.0,
        "both monitors show the same photo, each at its own size (mean difference \
         {different:.1})"
    );
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
}

const SPACE: u32 = 0x20;
const RIGHT: u32 = 0xff53;
const CONTROL: u32 = 0xffe3;
const LETTER_A: u32 = 0x61;
const ESCAPE: u32 = 0xff1b;

/// Where the pointer is when the windows open: the first position the show sees.
const POINTER_START: (i16, i16) = (1912, 500);

/// The screensaver on two monitors with `grace_secs` before movement counts, started with the
/// pointer at [`POINTER_START`].
fn screensaver_on_two_monitors(name: &str, grace_secs: u32) -> (VirtualDisplay, Show) {
    let display = VirtualDisplay::two_monitors();
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let root = connection.setup().roots[screen].root;
    Keyboard {
        connection: &connection,
        root,
    }
    .mouse_to(POINTER_START.0, POINTER_START.1);
    let config = common::scratch_settings(name);
    std::fs::write(
        &config,
        format!("[screensaver]\nexit_grace_secs = {grace_secs}\nexit_mouse_threshold_px = 10\n"),
    )
    .unwrap();
    let show = Show::start(
        &display,
        &[
            "--config",
            config.to_str().unwrap(),
            "--screensaver",
            "--display-secs",
            "60",
        ],
        &[],
    );
    // The grace period runs from when the windows open, which the show says.
    show.wait_for_log(
        "the show ends on a key, a click, or the mouse moving",
        LIMIT,
    );
    (display, show)
}

/// Keys go to the window over the left monitor (there is no window manager to give it focus).
fn focus_left_window(connection: &RustConnection, root: Window) {
    let windows = framewave_windows(connection, root);
    let (left_window, _) = windows
        .iter()
        .find(|(_, place)| *place == as_place(LEFT_MONITOR))
        .expect("a window over the left monitor");
    connection
        .set_input_focus(InputFocus::POINTER_ROOT, *left_window, 0u32)
        .unwrap();
    connection.flush().unwrap();
}

#[test]
fn movement_during_the_grace_period_is_ignored_on_every_monitor() {
    let _alone = one_at_a_time();
    // A grace far longer than the test needs (the longest there is): the moves are sent as the
    // windows open.
    let (display, show) = screensaver_on_two_monitors("grace", 60);
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let root = connection.setup().roots[screen].root;
    let keyboard = Keyboard {
        connection: &connection,
        root,
    };
    for (x, y) in [(100, 100), (900, 700), (2500, 300), (3000, 600), (10, 10)] {
        keyboard.mouse_to(x, y);
    }
    common::wait_for_or(
        "a photo on each monitor",
        LIMIT,
        || both_photos(&display),
        || show.log(),
    );
    // Input is taken in order: once the pause (Space) is seen, the moves before it were too.
    focus_left_window(&connection, root);
    keyboard.tap(SPACE);
    show.wait_for_log("paused", LIMIT);
    assert!(
        !show.log().contains("input ends the show"),
        "{}",
        show.log()
    );
    keyboard.tap(ESCAPE);
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
}

#[test]
fn past_the_grace_the_threshold_ctrl_and_the_hotkeys_hold_across_two_monitors() {
    let _alone = one_at_a_time();
    let (display, show) = screensaver_on_two_monitors("exit-rules", 0);
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let root = connection.setup().roots[screen].root;
    let (left, _) = common::wait_for_or(
        "a photo on each monitor",
        LIMIT,
        || both_photos(&display),
        || show.log(),
    );
    let keyboard = Keyboard {
        connection: &connection,
        root,
    };
    focus_left_window(&connection, root);
    // Movement within the threshold does not end the show, measured across the desktop (9 px
    // from the left monitor onto the right, not 1900 px in window terms)...
    keyboard.mouse_to(POINTER_START.0 + 4, POINTER_START.1 + 3);
    keyboard.mouse_to(POINTER_START.0 + 9, POINTER_START.1);
    keyboard.tap(SPACE);
    show.wait_for_log("paused", LIMIT);
    // ... nor do a key or a long move while Ctrl is held; → shows the next photo.
    keyboard.press(CONTROL);
    keyboard.mouse_to(1500, 200);
    keyboard.tap(LETTER_A);
    keyboard.release(CONTROL);
    keyboard.tap(RIGHT);
    common::wait_for_or(
        "the next photo after →",
        LIMIT,
        || {
            let now = monitor(&display.screenshot(), LEFT_MONITOR);
            let (different, _) = common::difference(&thumbnail(&left), &thumbnail(&now));
            (different > 12.0).then_some(())
        },
        || show.log(),
    );
    assert!(
        !show.log().contains("input ends the show"),
        "{}",
        show.log()
    );

    // A move beyond the threshold ends it, and every window goes at once.
    keyboard.mouse_to(1700, 400);
    let moved = Instant::now();
    common::wait_for_or(
        "every window gone after the mouse moved",
        LIMIT,
        || {
            framewave_windows(&connection, root)
                .is_empty()
                .then_some(())
        },
        || show.log(),
    );
    eprintln!(
        "windows gone {:.0} ms after the move was sent",
        moved.elapsed().as_secs_f64() * 1000.0
    );
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
    assert!(log.contains("input ends the show"), "{log}");
}
