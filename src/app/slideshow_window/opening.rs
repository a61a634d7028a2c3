//! Opening the show: a window per monitor covered (or one window, or one in a host's window),
//! the session's renderer for them all, the decode workers, the memory plan, and the shows.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use winit::dpi::LogicalSize;
use winit::event_loop::ActiveEventLoop;
use winit::window::{Fullscreen, Window};

use super::monitors::{self, MonitorPlace};
use super::panel_host;
use super::photos::Jobs;
use super::show::LibraryShare;
use super::sizes::{fit_within, with_motion_headroom};
use super::{Running, Shared, SlideshowApp};
use crate::app::input::Input;
use crate::app::perf_log::PerfLog;
use crate::app::photo_cache::PhotoCache;
use crate::app::transition_plan::TransitionPlan;
use crate::app::window_renderer::SessionRenderer;
use crate::app::{ShowOptions, budget};
use crate::decode::{DecodeConfig, DecodeService};

impl SlideshowApp {
    /// Covers every chosen monitor (fullscreen), or opens one window.
    fn monitors_to_cover(&self, event_loop: &ActiveEventLoop) -> Vec<Option<MonitorPlace>> {
        if !self.covers_monitors() {
            return vec![None];
        }
        let chosen = monitors::chosen(event_loop, &self.options.monitors);
        if chosen.is_empty() {
            // The platform lists no monitor: one window, fullscreen where it can be.
            return vec![None];
        }
        chosen.into_iter().map(Some).collect()
    }

    /// One window per monitor: fullscreen and not in a host's window.
    pub(super) fn covers_monitors(&self) -> bool {
        self.options.fullscreen && !self.hosted()
    }

    pub(super) fn open(&mut self, event_loop: &ActiveEventLoop) -> anyhow::Result<Running> {
        let covering = self.monitors_to_cover(event_loop);
        let windows = covering
            .iter()
            .map(|monitor| open_window(event_loop, &self.options, monitor.as_ref()))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let display = event_loop.owned_display_handle();
        let window_refs: Vec<&Arc<Window>> = windows.iter().collect();
        let (renderer, screen_renderers) = SessionRenderer::open(
            &window_refs,
            &display,
            self.options.rung,
            self.options.gpu_fault,
        )?;
        let transitions = TransitionPlan::start(
            renderer.gpu().zip(renderer.compositor()),
            self.options.transitions.clone(),
            self.options.transition_secs,
            self.options.library.seed,
        )?;
        // No frame is ever asked for beyond what the GPU can hold (an 8K monitor with Ken Burns
        // headroom would be); the software rung's limit is the GPU's smallest, so a demotion
        // never meets a frame it cannot hold.
        let max_side = renderer
            .gpu()
            .map_or(8192, |gpu| gpu.device.limits().max_texture_dimension_2d);
        let (max_w, max_h) = fit_within(
            with_motion_headroom(&self.options, largest_monitor(event_loop)),
            (max_side, max_side),
        );
        let mut decode_config = DecodeConfig::new(std::env::current_exe()?, (max_w, max_h))
            .with_restart(self.options.restart);
        if self.options.settings.decode_workers > 0 {
            decode_config.pool.workers = self.options.settings.decode_workers as usize;
        }
        decode_config.pool.job_deadline = self.options.job_deadline;
        decode_config.pool.worker_args = self.options.worker_args.clone();
        decode_config.worker_config.source_roots = self.options.library.roots.clone();
        let frame_bytes = max_w as u64 * max_h as u64 * 4;
        let slots = (decode_config.pool.workers * decode_config.slots_per_worker as usize) as u64;
        // A photo is its texture and the pixels kept for a change of renderer, once per
        // monitor showing a sequence of its own (or per size, showing the same). Monitors
        // plugged in later are not counted: the plan is made once.
        let per_photo = if self.options.same_photo_on_all_monitors {
            let mut sizes: Vec<(u32, u32)> = covering
                .iter()
                .map(|place| place.as_ref().map_or((0, 0), |place| place.size))
                .collect();
            sizes.sort_unstable();
            sizes.dedup();
            sizes.len()
        } else {
            windows.len()
        } as u64;
        let plan = budget::plan_within(
            u64::from(self.options.settings.memory_budget_mib) * 1024 * 1024,
            2 * frame_bytes * per_photo,
            slots * frame_bytes,
        );
        let decode = DecodeService::start(decode_config)?;
        let library = LibraryShare::new(self.library.take().expect("the windows open once"));
        let mut running = Running {
            shared: Shared {
                display,
                renderer,
                transitions,
                library,
                decode,
                jobs: Jobs::default(),
                cache: PhotoCache::new(if self.options.photo_cache {
                    plan.cached
                } else {
                    0
                }),
                cache_capacity: if self.options.photo_cache {
                    plan.cached
                } else {
                    0
                },
                uploads: VecDeque::new(),
                uploaded_this_frame: 0,
                upload_frame_start: Instant::now(),
                workers: Vec::new(),
                observer: self.observer.take(),
                music: self.music.take(),
                finished: false,
                fatal: None,
                options: self.options.clone(),
                started: self.started,
                said: None,
                perf_log: match &self.options.perf_log {
                    Some(path) => Some(PerfLog::create(path)?),
                    None => None,
                },
                faults_struck: 0,
                input: Input::started(self.options.exit),
                prefetch: match self.options.settings.photos_ahead {
                    0 => plan.prefetch,
                    ahead => ahead as usize,
                },
                next_show_id: 0,
                next_window_number: 0,
                monitors_checked: Instant::now(),
                monitors_again: None,
                uncovered: Vec::new(),
                settings: self.options.settings.clone(),
                photos_rejected: VecDeque::new(),
                changed_settings: None,
                overlays_since: self.started,
                panel: self.options.panel.clone().map(|options| {
                    panel_host::PanelHost::new(options, self.options.settings.clone())
                }),
                #[cfg(target_os = "linux")]
                now_playing: self
                    .options
                    .settings
                    .now_playing
                    .then(crate::overlays::now_playing::NowPlaying::start),
            },
            shows: Vec::new(),
        };
        for ((window, renderer), monitor) in windows.into_iter().zip(screen_renderers).zip(covering)
        {
            running.add_screen(window, renderer, monitor);
        }
        let now = Instant::now();
        for show in &mut running.shows {
            for screen in &mut show.screens {
                screen.hud_on = self.options.settings.hud;
            }
        }
        // `framewave settings`: the panel is what the window is for.
        if let Some(host) = &mut running.shared.panel
            && host.options.preview
        {
            host.open_on(0, now);
        }
        Ok(running)
    }
}

/// A window for the show: covering `monitor` (borderless, placed and sized from it), in a
/// screensaver host's window, or an ordinary one of the size asked for.
pub(super) fn open_window(
    event_loop: &ActiveEventLoop,
    options: &ShowOptions,
    monitor: Option<&MonitorPlace>,
) -> anyhow::Result<Arc<Window>> {
    let (width, height) = options.window_size;
    let mut attributes = Window::default_attributes()
        .with_title("framewave")
        .with_inner_size(LogicalSize::new(width, height));
    #[cfg(target_os = "linux")]
    if let Some(host) = options.host {
        use winit::platform::x11::WindowAttributesExtX11 as _;
        // A child of the host's window, covering it.
        attributes = attributes
            .with_embed_parent_window(host.id)
            .with_decorations(false)
            .with_position(winit::dpi::PhysicalPosition::new(0, 0))
            .with_inner_size(winit::dpi::PhysicalSize::new(host.size.0, host.size.1));
    }
    attributes = match monitor {
        Some(place) => {
            monitors::covering(attributes, place, monitors::handle_of(event_loop, place))
        }
        None if options.fullscreen && !hosted(options) => {
            attributes.with_fullscreen(Some(Fullscreen::Borderless(None)))
        }
        None => attributes,
    };
    let window = Arc::new(event_loop.create_window(attributes)?);
    if options.screensaver {
        window.set_cursor_visible(false);
    }
    Ok(window)
}

#[cfg(target_os = "linux")]
fn hosted(options: &ShowOptions) -> bool {
    options.host.is_some()
}

#[cfg(not(target_os = "linux"))]
fn hosted(_: &ShowOptions) -> bool {
    false
}

/// The largest monitor, in pixels: the size decode slots must hold.
fn largest_monitor(event_loop: &ActiveEventLoop) -> (u32, u32) {
    event_loop
        .available_monitors()
        .map(|m| m.size())
        .map(|s| (s.width.max(1920), s.height.max(1080)))
        .max_by_key(|(w, h)| *w as u64 * *h as u64)
        .unwrap_or((1920, 1080))
}
