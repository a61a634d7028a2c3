//! The real windowed slideshow when things go wrong: decoding that is impossible, a photo whose
//! reads never return, workers slow to stop. The screen always says or shows something, and
//! the window goes the moment it is asked to.

mod common;

use std::process::Command;
use std::time::Duration;

use common::display::VirtualDisplay;
use common::show::Show;
use common::stalled_share::StalledShare;

const LIMIT: Duration = Duration::from_secs(60);

/// The slideshow, small and not watching its folder, with `extra` arguments.
fn start_show(display: &VirtualDisplay, extra: &[&str]) -> Show {
    let args: Vec<&str> = ["--size", "640x360", "--no-watch"]
        .into_iter()
        .chain(extra.iter().copied())
        .collect();
    Show::start(display, &args, &[])
}

/// Whether a window titled "framewave" is on the screen.
fn window_on_screen(display: &VirtualDisplay) -> bool {
    let output = Command::new("xwininfo")
        .args(["-display", &display.name, "-name", "framewave"])
        .output()
        .expect("xwininfo is needed: run scripts/setup.sh");
    output.status.success() && String::from_utf8_lossy(&output.stdout).contains("IsViewable")
}

/// Pixels of light text in the middle of an otherwise dark 640x360 window.
fn notice_shown(shot: &image::RgbaImage) -> bool {
    let lit = shot
        .enumerate_pixels()
        .filter(|(x, y, p)| (160..480).contains(x) && *y < 360 && p[0] > 128)
        .count();
    lit > 200
}

#[test]
fn the_window_is_gone_before_the_workers_are_stopped() {
    let display = VirtualDisplay::start(1280, 720);
    // Workers that ignore the request to stop take two seconds (then SIGTERM) to go.
    let show = start_show(&display, &["--worker-fault", "ignore-shutdown"]);
    common::wait_for_or(
        "the window",
        LIMIT,
        || window_on_screen(&display).then_some(()),
        || show.log(),
    );
    // A photo on screen: the workers are up and serving (one still starting would be killed
    // at once, rightly, and prove nothing).
    common::wait_for_or(
        "a photo",
        LIMIT,
        || common::is_photo(&display.screenshot()).then_some(()),
        || show.log(),
    );
    let workers = common::wait_for("the decode workers", LIMIT, || {
        let workers = common::workers_under(show.ui.id());
        (!workers.is_empty()).then_some(workers)
    });
    show.terminate();
    common::wait_for_or(
        "the window to go",
        LIMIT,
        || (!window_on_screen(&display)).then_some(()),
        || show.log(),
    );
    // The workers (whichever incarnations are up now) are still there: stopping them, which
    // takes these two seconds, comes after.
    assert!(
        !common::workers_under(show.ui.id()).is_empty(),
        "the workers were stopped before the window went:\n{}",
        show.log()
    );
    let mut show = show;
    let status = show.ui.wait().unwrap();
    assert!(status.success(), "framewave exited with {status}");
    assert!(
        workers.iter().all(|w| !common::is_alive(*w)),
        "a worker outlived the UI"
    );
    let log = show.log();
    let closed = log
        .find("windows closed; stopping the workers")
        .expect("the close logged");
    let escalated = log.find("SIGTERM").map_or(usize::MAX, |at| at);
    assert!(closed < escalated || !log.contains("SIGTERM"), "{log}");
}

#[test]
fn a_notice_says_so_when_every_decode_worker_is_given_up() {
    let display = VirtualDisplay::start(1280, 720);
    let show = start_show(&display, &["--worker-fault", "crash-on-request"]);
    show.wait_for_log("giving up on it", LIMIT);
    let shot = common::wait_for("the notice", LIMIT, || {
        let shot = display.screenshot();
        notice_shown(&shot).then_some(shot)
    });
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-decoder-given-up.png");
    shot.save(&out).unwrap();
    show.wait_for_log(
        "on screen: Photos cannot be prepared: the photo decoder keeps failing",
        LIMIT,
    );
}

/// A folder on a share where one photo's reads never return still gives a show of the other
/// photos; that photo is reported once and left out.
#[test]
fn a_photo_on_a_stalled_share_is_left_out_and_the_others_are_shown() {
    let source = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("stalled-share-source");
    let _ = std::fs::remove_dir_all(&source);
    std::fs::create_dir_all(&source).unwrap();
    for name in ["GreenMeadow.jpg", "Garden.jpg", "Aqua.jpg", "Storm.jpg"] {
        std::fs::copy(common::bundled_photo(name), source.join(name)).unwrap();
    }
    std::fs::copy(
        common::bundled_photo("Dune.jpg"),
        source.join("stalled.jpg"),
    )
    .unwrap();
    let share = StalledShare::mount(&source, "stalled.jpg").expect("mounting the FUSE share");
    let display = VirtualDisplay::start(1280, 720);
    let show = start_show(
        &display,
        &[
            "--photos",
            share.path().to_str().unwrap(),
            "--display-secs",
            "0.5",
            "--transition-secs",
            "0.3",
            "--job-deadline-secs",
            "1",
        ],
    );
    show.wait_for_log("stalled.jpg: quarantined", LIMIT);
    // The show goes on: the screen changes, photos each time.
    let mut last = common::wait_for("a photo", LIMIT, || {
        let shot = display.screenshot();
        common::is_photo(&shot).then_some(shot)
    });
    for _ in 0..2 {
        last = common::wait_for("the next photo", LIMIT, || {
            let shot = display.screenshot();
            let (mean, _) = common::difference(shot.as_raw(), last.as_raw());
            (mean > 8.0 && common::is_photo(&shot)).then_some(shot)
        });
    }
    // More rounds of the other photos: the stalled one is never tried again.
    for _ in 0..4 {
        last = common::wait_for("the next photo", LIMIT, || {
            let shot = display.screenshot();
            let (mean, _) = common::difference(shot.as_raw(), last.as_raw());
            (mean > 8.0 && common::is_photo(&shot)).then_some(shot)
        });
    }
    show.terminate();
    let mut show = show;
    let status = show.ui.wait().unwrap();
    assert!(status.success(), "framewave exited with {status}");
    let log = show.log();
    assert_eq!(log.matches("quarantined").count(), 1, "{log}");
    assert_eq!(
        log.matches("hung: on").count(),
        2,
        "stuck twice, then left out: {log}"
    );
    drop(share);
}

/// A broken user transition is named once in the log and left out; the show goes on with the
/// others, the user's good one included.
#[test]
fn a_broken_user_transition_never_stops_the_show() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-user-transitions");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("oops.wgsl"),
        "fn transition(uv: vec2<f32>) -> vec4<f32> {\n  return;\n}\n",
    )
    .unwrap();
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transitions");
    std::fs::copy(fixtures.join("iris.wgsl"), dir.join("iris.wgsl")).unwrap();
    let display = VirtualDisplay::start(1280, 720);
    let show = start_show(
        &display,
        &[
            "--transitions-dir",
            dir.to_str().unwrap(),
            "--transitions",
            "iris,crossfade",
            "--display-secs",
            "0.5",
        ],
    );
    let first = common::wait_for("a photo", LIMIT, || {
        let shot = display.screenshot();
        common::is_photo(&shot).then_some(shot)
    });
    common::wait_for("the next photo", LIMIT, || {
        let shot = display.screenshot();
        let (mean, _) = common::difference(shot.as_raw(), first.as_raw());
        (mean > 8.0 && common::is_photo(&shot)).then_some(())
    });
    show.terminate();
    let mut show = show;
    assert!(show.ui.wait().unwrap().success());
    let log = show.log();
    assert_eq!(log.matches("oops.wgsl:2:").count(), 1, "{log}");
}
