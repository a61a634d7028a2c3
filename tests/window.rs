//! The real windowed slideshow under a virtual display: photos appear and advance, photos added
//! to the folder while it runs appear, and however the window goes away, no worker process and
//! no shared memory is left behind.

mod common;

use std::process::{Child, Stdio};
use std::time::Duration;

use common::display::VirtualDisplay;

const LIMIT: Duration = Duration::from_secs(60);

fn start_slideshow(display: &VirtualDisplay) -> Child {
    start_slideshow_with(display, &[])
}

fn start_slideshow_with(display: &VirtualDisplay, extra: &[&str]) -> Child {
    common::command()
        .args(extra)
        .args([
            "--display-secs",
            "1",
            "--transition-secs",
            "0.5",
            "--size",
            "640x360",
        ])
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting framewave")
}

fn wait_for_photo(display: &VirtualDisplay) -> image::RgbaImage {
    common::wait_for("a photo on screen", LIMIT, || {
        let shot = display.screenshot();
        common::is_photo(&shot).then_some(shot)
    })
}

/// The UI's worker processes, once there are any.
fn wait_for_workers(ui: &Child) -> Vec<u32> {
    common::wait_for("the decode workers", LIMIT, || {
        let workers = common::workers_under(ui.id());
        (!workers.is_empty()).then_some(workers)
    })
}

#[test]
fn photos_appear_and_advance_and_a_clean_close_leaves_nothing() {
    let display = VirtualDisplay::start(1280, 720);
    let shm_before = common::shm_entries();
    let mut ui = start_slideshow(&display);
    let first = wait_for_photo(&display);
    // Every worker starts before the first photo is requested, so all are counted here.
    let workers = wait_for_workers(&ui);
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-first-photo.png");
    first.save(&out).unwrap();
    common::wait_for("the next photo", LIMIT, || {
        let shot = display.screenshot();
        let (mean, _) = common::difference(shot.as_raw(), first.as_raw());
        (mean > 8.0).then_some(())
    });

    // SIGTERM takes the same path as the window's close button.
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&ui),
        rustix::process::Signal::TERM,
    )
    .unwrap();
    let status = ui.wait().unwrap();
    assert!(status.success(), "framewave exited with {status}");
    for worker in workers {
        assert!(
            !common::is_alive(worker),
            "worker {worker} outlived the window"
        );
    }
    assert_eq!(common::shm_entries(), shm_before, "/dev/shm changed");
}

#[test]
fn killing_the_ui_takes_its_workers_with_it() {
    let display = VirtualDisplay::start(1280, 720);
    let shm_before = common::shm_entries();
    let mut ui = start_slideshow(&display);
    wait_for_photo(&display);
    let workers = wait_for_workers(&ui);
    ui.kill().unwrap();
    ui.wait().unwrap();
    common::wait_for("the orphaned workers to die", LIMIT, || {
        workers
            .iter()
            .all(|worker| !common::is_alive(*worker))
            .then_some(())
    });
    assert_eq!(common::shm_entries(), shm_before, "/dev/shm changed");
}

#[test]
fn an_empty_folder_says_so_until_a_photo_is_added() {
    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-empty-folder");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let display = VirtualDisplay::start(1280, 720);
    let mut ui = start_slideshow_with(&display, &["--photos", folder.to_str().unwrap()]);
    // The notice: light text in the middle of an otherwise black window.
    let notice = common::wait_for("the no-photos notice", LIMIT, || {
        let shot = display.screenshot();
        let lit = |x0: u32, x1: u32| {
            shot.enumerate_pixels()
                .filter(|(x, y, p)| (x0..x1).contains(x) && *y < 360 && p[0] > 128)
                .count()
        };
        (lit(160, 480) > 200 && lit(0, 40) == 0).then_some(shot)
    });
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-no-photos.png");
    notice.save(&out).unwrap();
    std::fs::copy(common::bundled_photo("Dune.jpg"), folder.join("added.jpg")).unwrap();
    wait_for_photo(&display);
    ui.kill().unwrap();
    ui.wait().unwrap();
}

#[test]
fn the_perf_log_gets_one_line_per_transition_run() {
    let display = VirtualDisplay::start(1280, 720);
    let log = std::env::temp_dir().join(format!("framewave-perf-{}.log", std::process::id()));
    let log_arg = log.display().to_string();
    let mut ui = start_slideshow_with(&display, &["--transition", "wipe", "--perf-log", &log_arg]);
    let lines = common::wait_for("two transition runs in the perf log", LIMIT, || {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        (lines.len() >= 2).then_some(lines)
    });
    let _ = ui.kill();
    let _ = ui.wait();
    let _ = std::fs::remove_file(&log);
    for line in &lines {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields[0], "wipe", "{line}");
        let keys: Vec<&str> = fields[1..]
            .iter()
            .map(|f| f.split_once('=').expect("key=value").0)
            .collect();
        assert_eq!(
            keys,
            [
                "duration_ms",
                "intervals",
                "p50_ms",
                "p99_ms",
                "max_ms",
                "holes"
            ],
            "{line}"
        );
        let duration: f64 = fields[1]["duration_ms=".len()..].parse().unwrap();
        // --transition-secs 0.5: the run lasted about that (frames land on the grid).
        assert!((400.0..1000.0).contains(&duration), "{line}");
    }
}
