//! The windowed slideshow: a winit event loop driving the renderer, fed by decode workers.
//!
//! The render loop never blocks: each frame it drains finished photos without waiting,
//! uploads them, advances the slideshow clock and draws. If a photo is late the current one
//! stays up.

mod budget;
mod frame_clock;
pub mod from_settings;
mod hud;
pub mod input;
pub mod music;
mod observer;
mod perf_log;
mod photo;
mod photo_cache;
mod photo_set;
pub mod rung_notice;
mod slideshow_window;
mod status_text;
mod surface;
mod transition_plan;
pub mod ui_parent;
mod upload;
mod window_renderer;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;
use winit::event_loop::EventLoop;

pub use crate::rung::{GpuFault, Rung, Step, Trouble};
pub use observer::{FrameContext, FrameObserver};

use crate::library::{LibraryConfig, LibraryFeed};
use crate::slideshow::Timing;
use crate::supervisor::RestartLimits;

#[derive(Debug, Clone)]
pub struct ShowOptions {
    /// Where the photos come from (decode workers read nothing outside these folders) and the
    /// order they are shown in.
    pub library: LibraryConfig,
    pub timing: Timing,
    /// The transition between photos (one by name, or a random pick from a pool) and where the
    /// user's own are; the files are read off the render thread.
    pub transitions: crate::transitions::TransitionRequest,
    /// Every transition takes this long (default: each its own duration).
    pub transition_secs: Option<std::time::Duration>,
    pub window_size: (u32, u32),
    pub fit: framewave_protocol::Fit,
    /// When to restart failed decode workers, and when to give up.
    pub restart: RestartLimits,
    /// How long one photo may take to prepare before its worker is judged hung.
    pub job_deadline: std::time::Duration,
    /// Extra arguments for every decode worker (tests make them misbehave with these).
    pub worker_args: Vec<String>,
    /// Write one line per transition run (name, duration, frames, p99, max, holes) here.
    pub perf_log: Option<std::path::PathBuf>,
    /// Frames per second at most (default: the monitor's refresh rate).
    pub max_fps: Option<f64>,
    /// Slow zoom and pan on every photo.
    pub ken_burns: bool,
    /// Draw on this rung (default: the best this machine has).
    pub rung: Option<Rung>,
    /// A GPU failure to make, for tests.
    pub gpu_fault: Option<GpuFault>,
    /// Keep prepared photos for reuse within the memory budget (off only for diagnostics that
    /// must exercise decoding all the time).
    pub photo_cache: bool,
    /// Fill the monitor, borderless.
    pub fullscreen: bool,
    /// The monitors a fullscreen show covers, by number from 0 (empty: all of them).
    pub monitors: Vec<usize>,
    /// Every monitor shows the same photo (else each its own sequence).
    pub same_photo_on_all_monitors: bool,
    /// The screensaver: the cursor hidden.
    pub screensaver: bool,
    /// When input ends the show.
    pub exit: input::ExitRules,
    /// The visualizer, what it listens to, and beat sync.
    pub music: music::MusicOptions,
    /// Photos are shown (false: the visualizer alone, and no photo is ever asked for).
    pub photos: bool,
    /// The clock over the photos, if wanted.
    pub clock: Option<crate::overlays::ClockStyle>,
    /// Overlays move a few pixels, slowly, so they never burn into the screen.
    pub burn_in_protection: bool,
    /// Draw into this window of a screensaver host (XScreenSaver, xsecurelock) instead of one
    /// of our own.
    #[cfg(target_os = "linux")]
    pub host: Option<crate::hosts::x11_host::HostWindow>,
    /// The settings these options were made from: what the settings panel starts from.
    pub settings: crate::settings::Settings,
    /// The settings panel, where the show has one (windowed use).
    pub panel: Option<PanelOptions>,
}

/// The settings panel of a show.
#[derive(Debug, Clone)]
pub struct PanelOptions {
    /// The file changes are saved to (none: they last this run).
    pub file: Option<std::path::PathBuf>,
    /// Whose settings the panel changes: the screensaver's or the window's.
    pub mode: crate::settings::Mode,
    /// `framewave settings`: the panel is open from the start and closing it ends the show,
    /// which previews the settings in a window (how the show is used — fullscreen, monitors,
    /// input ending it — is saved, not applied).
    pub preview: bool,
}

/// Opens the slideshow window and runs until it is closed (or `observer` says stop). Workers
/// are stopped on the way out.
pub fn run(options: ShowOptions, observer: Option<Box<dyn FrameObserver>>) -> anyhow::Result<()> {
    surface::choose_present_mode(options.settings.present_mode);
    // The search starts now, while the window and the GPU come up.
    let library =
        LibraryFeed::start(options.library.clone()).context("cannot start the photo search")?;
    let event_loop = EventLoop::new().context("cannot connect to the display")?;
    // SIGTERM and SIGINT close the window like its close button does: workers stop cleanly.
    let stop_requested = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop_requested))?;
    }
    // A host window is watched from the start, so its end is never missed.
    #[cfg(target_os = "linux")]
    let host_events = match options.host {
        Some(host) => {
            let proxy = event_loop.create_proxy();
            match host.watch(move || {
                let _ = proxy.send_event(());
            }) {
                Ok(events) => Some(events),
                // Gone between finding it and watching it: the show is over before it began.
                Err(e) => {
                    tracing::info!("the host's window is gone ({e}); the show ends");
                    return Ok(());
                }
            }
        }
        None => None,
    };
    #[cfg(not(target_os = "linux"))]
    let host_events = None;
    let desktop = slideshow_window::DesktopEvents {
        host: host_events,
        monitors: watch_monitors(&options, &event_loop),
    };
    let music = start_music(&options.music);
    let mut app =
        slideshow_window::SlideshowApp::new(options, library, stop_requested, observer, desktop)
            .with_music(music);
    event_loop.run_app(&mut app)?;
    app.finish()
}

/// The audio worker, started now (it takes a moment to find its source), if the show listens
/// to music; without one (it cannot be started) the show goes on without music, said.
fn start_music(options: &music::MusicOptions) -> Option<music::Music> {
    if !options.listens() {
        return None;
    }
    let started = std::env::current_exe()
        .and_then(|exe| crate::audio::AudioService::start(exe, options.audio.clone(), Vec::new()));
    match started {
        Ok(service) => Some(music::Music {
            service,
            options: options.clone(),
            looked_ns: 0,
            workers: Vec::new(),
        }),
        Err(e) => {
            tracing::warn!("cannot start the audio worker ({e}); no music this time");
            None
        }
    }
}

/// The monitors, followed as they come and go, for a show covering them on X11 (elsewhere,
/// winit's list is looked at now and then). A display that cannot say is followed that way too.
#[cfg(target_os = "linux")]
fn watch_monitors(
    options: &ShowOptions,
    event_loop: &EventLoop<()>,
) -> Option<crossbeam_channel::Receiver<Vec<crate::hosts::MonitorPlace>>> {
    use winit::raw_window_handle::{HasDisplayHandle as _, RawDisplayHandle};
    let x11 = matches!(
        event_loop.display_handle().map(|handle| handle.as_raw()),
        Ok(RawDisplayHandle::Xlib(_) | RawDisplayHandle::Xcb(_))
    );
    if !options.fullscreen || options.host.is_some() || !x11 {
        return None;
    }
    let proxy = event_loop.create_proxy();
    match crate::hosts::x11_monitors::watch(move || {
        let _ = proxy.send_event(());
    }) {
        Ok(changes) => Some(changes),
        Err(e) => {
            tracing::info!("monitors are looked at every second: cannot watch them ({e})");
            None
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn watch_monitors(
    _: &ShowOptions,
    _: &EventLoop<()>,
) -> Option<crossbeam_channel::Receiver<Vec<crate::hosts::MonitorPlace>>> {
    None
}
