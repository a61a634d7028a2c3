//! The windowed show on every kind of machine: with Vulkan forced onto the software rung, with
//! the GL backend only, and with no GPU adapter at all (which lands on the software rung and
//! says so); and with each GPU fault injected, which lands on its rung. In each, a photo
//! appears and the next one follows.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::display::VirtualDisplay;
use common::show::Show;

const LIMIT: Duration = Duration::from_secs(60);

/// Runs the show with `args` and `env` until the photo on screen has changed, and returns its
/// log.
fn photos_advance(args: &[&str], env: &[(&str, &str)]) -> String {
    photos_advance_after(args, env, None)
}

/// The same, with the change watched for only once the log says `after`.
fn photos_advance_after(args: &[&str], env: &[(&str, &str)], after: Option<&str>) -> String {
    let display = VirtualDisplay::start(1280, 720);
    let base = [
        "--display-secs",
        "1",
        "--transition-secs",
        "0.5",
        "--size",
        "640x360",
        "--transition",
        "wipe",
    ];
    let all: Vec<&str> = base.iter().chain(args).copied().collect();
    let show = Show::start(&display, &all, env);
    if let Some(after) = after {
        show.wait_for_log(after, LIMIT);
    }
    let first = common::wait_for_or(
        "a photo on screen",
        LIMIT,
        || {
            let shot = display.screenshot();
            common::is_photo(&shot).then_some(shot)
        },
        || show.log(),
    );
    common::wait_for_or(
        "the next photo",
        LIMIT,
        || {
            let shot = display.screenshot();
            let (mean, _) = common::difference(shot.as_raw(), first.as_raw());
            (mean > 8.0 && common::is_photo(&shot)).then_some(())
        },
        || show.log(),
    );
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "framewave exited with {status}:\n{log}");
    assert!(!log.contains("panicked"), "{log}");
    log
}

#[test]
fn the_software_rung_shows_photos_when_asked_for() {
    let log = photos_advance(&["--rung", "software"], &[]);
    assert!(
        log.contains("rendering on the software rung: asked for with --rung"),
        "{log}"
    );
}

#[test]
fn the_gl_backend_alone_shows_photos_on_the_gpu() {
    let log = photos_advance(
        &["--rung", "shader"],
        &[("VK_ICD_FILENAMES", "/nonexistent.json")],
    );
    assert!(log.contains("backend=Gl"), "{log}");
    assert!(!log.contains("software rung"), "{log}");
}

#[test]
fn with_no_adapter_at_all_the_show_moves_to_the_software_rung() {
    let log = photos_advance(
        &[],
        &[
            ("VK_ICD_FILENAMES", "/nonexistent.json"),
            ("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent.json"),
        ],
    );
    assert!(log.contains("rendering on the software rung: "), "{log}");
}

#[test]
fn an_injected_missing_adapter_lands_on_the_software_rung() {
    let log = photos_advance(&["--inject-gpu-fault", "no-adapter"], &[]);
    assert!(
        log.contains("rendering on the software rung: no GPU adapter (injected fault)"),
        "{log}"
    );
}

/// Runs the show on the shader rung with `fault` injected once the second photo is on
/// screen; waits for the log to say `lands`, then for the photo to change; returns the log.
fn fault_lands(fault: &str, lands: &str) -> String {
    let log = photos_advance_after(
        &["--rung", "shader", "--inject-gpu-fault", fault],
        &[],
        Some(lands),
    );
    assert!(log.contains("injected fault"), "{log}");
    assert!(!log.contains("ERROR framewave"), "{log}");
    log
}

#[test]
fn a_shader_that_fails_to_compile_moves_the_show_to_the_compositor_rung() {
    let log = fault_lands(
        "shader-compile",
        "rendering on the compositor rung: GPU error",
    );
    assert_eq!(
        log.matches("rendering on the compositor rung").count(),
        1,
        "{log}"
    );
}

#[test]
fn a_pipeline_that_fails_to_build_moves_the_show_to_the_compositor_rung() {
    fault_lands("pipeline", "rendering on the compositor rung: GPU error");
}

#[test]
fn a_lost_device_is_replaced_once_on_the_same_rung() {
    let log = fault_lands(
        "device-lost",
        "rendering on the shader rung: GPU device lost (Destroyed); a new device took its place",
    );
    assert!(!log.contains("software rung"), "{log}");
}

#[test]
fn a_device_lost_twice_moves_the_show_to_the_software_rung() {
    let log = fault_lands(
        "device-lost-twice",
        "rendering on the software rung: GPU device lost (Destroyed), a second time",
    );
    assert_eq!(
        log.matches("a new device took its place").count(),
        1,
        "{log}"
    );
}

/// Runs the show on the shader rung with its surface lost, with `env`: the surface is made
/// anew and the show stays on its rung.
fn surface_made_anew(env: &[(&str, &str)]) -> String {
    let log = photos_advance_after(
        &["--rung", "shader", "--inject-gpu-fault", "surface-lost"],
        env,
        Some("the window's GPU surface was lost; made a new one"),
    );
    assert!(!log.contains("compositor rung"), "{log}");
    assert!(!log.contains("software rung"), "{log}");
    assert!(!log.contains("ERROR framewave"), "{log}");
    log
}

#[test]
fn a_lost_surface_is_made_anew_and_the_show_stays_on_the_gpu() {
    surface_made_anew(&[]);
}

#[test]
fn a_lost_surface_is_made_anew_on_the_gl_backend_too() {
    let log = surface_made_anew(&[("VK_ICD_FILENAMES", "/nonexistent.json")]);
    assert!(log.contains("backend=Gl"), "{log}");
}

#[test]
fn a_hung_gpu_moves_the_show_to_the_software_rung() {
    fault_lands(
        "gpu-hang",
        "rendering on the software rung: the GPU has not finished a frame",
    );
}

#[test]
fn a_crash_in_the_driver_restarts_the_show_a_rung_lower() {
    let log = fault_lands(
        "driver-crash",
        "rendering on the compositor rung: restarted on it after the UI process was killed by SIGABRT",
    );
    assert!(
        log.contains("the UI process was killed by SIGABRT (on the shader rung); restarting it on the compositor rung"),
        "{log}"
    );
}

#[test]
fn the_software_rung_draws_the_notice_text() {
    let display = VirtualDisplay::start(1280, 720);
    let empty = std::env::temp_dir().join(format!("framewave-empty-sw-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let mut ui = common::command()
        .args(["--rung", "software", "--size", "640x360", "--photos"])
        .arg(&empty)
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting framewave");
    // "No photos to show in ...": light text in the middle of a dark window.
    common::wait_for("the notice on screen", LIMIT, || {
        let shot = display.screenshot();
        let light = |x0: u32, x1: u32, y0: u32, y1: u32| {
            (y0..y1)
                .flat_map(|y| (x0..x1).map(move |x| (x, y)))
                .filter(|&(x, y)| shot.get_pixel(x, y)[0] > 160)
                .count()
        };
        (light(64, 576, 150, 210) > 200 && light(0, 640, 0, 100) == 0).then_some(())
    });
    let _ = ui.kill();
    let _ = ui.wait();
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn a_cpu_rasterizer_as_the_only_adapter_starts_on_the_software_rung() {
    let log = photos_advance(&[], &[]);
    assert!(
        log.contains("is a CPU rasterizer; the software rung keeps the refresh rate"),
        "{log}"
    );
}

#[test]
fn the_gl_backend_alone_draws_the_compositor_rung() {
    let log = photos_advance(
        &["--rung", "compositor"],
        &[("VK_ICD_FILENAMES", "/nonexistent.json")],
    );
    assert!(log.contains("backend=Gl"), "{log}");
    assert!(
        log.contains("rendering on the compositor rung: asked for with --rung"),
        "{log}"
    );
}
