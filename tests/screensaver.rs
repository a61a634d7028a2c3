//! framewave as a screensaver under Xvfb: drawing into a host's window (as XScreenSaver and
//! xsecurelock run it), following its size and ending with it; and the screensaver mode,
//! covering the screen and ending on mouse movement.

mod common;

use std::time::Duration;

use common::display::VirtualDisplay;
use common::show::Show;
use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{
    ConfigureWindowAux, ConnectionExt as _, CreateWindowAux, WindowClass,
};
use x11rb::protocol::xtest::ConnectionExt as _;

const LIMIT: Duration = Duration::from_secs(60);

/// Share of the pixels in `x0..x1, y0..y1` that are not black.
fn lit(shot: &image::RgbaImage, (x0, x1): (u32, u32), (y0, y1): (u32, u32)) -> f64 {
    let pixels: Vec<bool> = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .map(|(x, y)| {
            let p = shot.get_pixel(x, y);
            u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) > 30
        })
        .collect();
    pixels.iter().filter(|lit| **lit).count() as f64 / pixels.len() as f64
}

#[test]
fn the_show_draws_into_a_host_window_follows_its_size_and_ends_with_it() {
    let display = VirtualDisplay::start(1280, 720);
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let root = connection.setup().roots[screen].root;
    let host = connection.generate_id().unwrap();
    connection
        .create_window(
            0,
            host,
            root,
            0,
            0,
            320,
            180,
            0,
            WindowClass::INPUT_OUTPUT,
            0,
            &CreateWindowAux::new(),
        )
        .unwrap();
    connection.map_window(host).unwrap();
    connection.flush().unwrap();
    let id = format!("0x{host:x}");
    let show = Show::start(&display, &["-window-id", &id, "--display-secs", "2"], &[]);
    common::wait_for_or(
        "a photo in the host window, and nothing outside it",
        LIMIT,
        || {
            let shot = display.screenshot();
            (lit(&shot, (0, 320), (0, 180)) > 0.95 && lit(&shot, (400, 1280), (200, 720)) == 0.0)
                .then_some(())
        },
        || show.log(),
    );
    connection
        .configure_window(host, &ConfigureWindowAux::new().width(640).height(360))
        .unwrap();
    connection.flush().unwrap();
    common::wait_for_or(
        "the photo following the host window's new size",
        LIMIT,
        || (lit(&display.screenshot(), (330, 640), (190, 360)) > 0.95).then_some(()),
        || show.log(),
    );
    connection.destroy_window(host).unwrap();
    connection.flush().unwrap();
    show.wait_for_log("the host's window is gone; the show ends", LIMIT);
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
    assert!(
        log.contains("the host's window is gone; the show ends"),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn the_screensaver_covers_the_screen_and_ends_when_the_mouse_moves() {
    let display = VirtualDisplay::start(1280, 720);
    let show = Show::start(&display, &["--screensaver", "--display-secs", "2"], &[]);
    common::wait_for_or(
        "a photo over the whole screen",
        LIMIT,
        || {
            let shot = display.screenshot();
            (lit(&shot, (0, 1280), (0, 720)) > 0.95).then_some(())
        },
        || show.log(),
    );
    // The mouse moves 100 px at a time until the show ends: the moves within its grace
    // period (the first second) are ignored, the first after it ends the show.
    let (connection, screen) = x11rb::connect(Some(&display.name)).expect("the display");
    let root = connection.setup().roots[screen].root;
    let mut x = 200i16;
    common::wait_for_or(
        "the show to end on a mouse movement",
        LIMIT,
        || {
            x = if x == 200 { 300 } else { 200 };
            // MotionNotify, absolute.
            connection
                .xtest_fake_input(6, 0, 0, root, x, 300, 0)
                .unwrap();
            connection.flush().unwrap();
            show.log().contains("input ends the show").then_some(())
        },
        || show.log(),
    );
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
    assert!(log.contains("input ends the show"), "{log}");
}
