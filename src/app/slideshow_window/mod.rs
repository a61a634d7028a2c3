//! The winit application: one window showing the slideshow. Photos arriving (`photos.rs`),
//! the rendering ladder (`ladder.rs`) and the hotkeys and host window (`hotkeys.rs`) each have
//! a file of their own.

mod hotkeys;
mod ladder;
mod photos;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use winit::application::ApplicationHandler;
use winit::dpi::LogicalSize;
use winit::event::{ElementState, KeyEvent, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, OwnedDisplayHandle};
use winit::window::{Fullscreen, Window, WindowId};

use super::frame_clock::{FrameClock, Next, SceneKey};
use super::hud::{Hud, HudState};
use super::input::{Action, Input};
use super::observer::{FrameContext, FrameObserver};
use super::perf_log::PerfLog;
use super::photo::Photo;
use super::photo_cache::{CacheKey, PhotoCache};
use super::status_text::{SearchProgress, ShowState, status_text};
use super::transition_plan::TransitionPlan;
use super::upload::Upload;
use super::window_renderer::{Drew, WindowRenderer};
use super::{ShowOptions, budget};
use crate::decode::{DecodeConfig, DecodeService};
use crate::hosts::HostEvent;
use crate::library::{FileStamp, LibraryFeed};
use crate::pacing::{PerTransition, RunSummary};
use crate::render::OverlayText;
use crate::render::{Layer, Scene, ken_burns};
use crate::slideshow::{Shown, Slideshow, View};
use crate::supervisor::WorkerStatus;

pub struct SlideshowApp {
    options: ShowOptions,
    /// Handed to the slideshow when the window opens.
    library: Option<LibraryFeed>,
    started: Instant,
    running: Option<Running>,
    error: Option<anyhow::Error>,
    /// Set by SIGTERM/SIGINT.
    stop_requested: Arc<AtomicBool>,
    observer: Option<Box<dyn FrameObserver>>,
    /// The decode workers, once the window is gone: stopped last, so closing looks instant.
    closing: Option<DecodeService>,
    /// What the screensaver host's window does (its size, its end), when drawing into one.
    host_events: Option<crossbeam_channel::Receiver<HostEvent>>,
}

/// Everything that exists while the window is open.
struct Running {
    window: Arc<Window>,
    /// For a software surface, should the session move down to it.
    display: OwnedDisplayHandle,
    /// The GPU (shader rung) or the CPU (software rung).
    renderer: WindowRenderer,
    /// Which transition comes next, and the pipelines still being built.
    transitions: TransitionPlan,
    slideshow: Slideshow<Photo, LibraryFeed>,
    cache: PhotoCache<Photo>,
    /// Photos the cache may keep (emptied, not shrunk, when the session changes rung).
    cache_capacity: usize,
    /// Decodes under way: what to file the result under.
    decoding: HashMap<u64, (CacheKey, Option<FileStamp>)>,
    /// Photos arriving, a stripe a frame (each holds its slot until done).
    uploads: std::collections::VecDeque<(u64, Upload)>,
    /// Bytes uploaded in the current frame's time (the budget is per frame interval, drawn or
    /// not), and when that interval began.
    uploaded_this_frame: u64,
    upload_frame_start: Instant,
    decode: DecodeService,
    /// The latest status of every decode worker.
    workers: Vec<WorkerStatus>,
    observer: Option<Box<dyn FrameObserver>>,
    /// The observer asked to close.
    finished: bool,
    /// Why the show cannot go on (a transition asked for that no file provides).
    fatal: Option<anyhow::Error>,
    options: ShowOptions,
    started: Instant,
    /// The size photos ahead are prepared at (the window's, with any Ken Burns headroom).
    prepared_for: (u32, u32),
    /// When the window last changed size, until photos ahead follow it.
    resized_at: Option<Instant>,
    /// What the screen says about the show's state (drawn, and logged once per change).
    said: Option<OverlayText>,
    /// When to draw next.
    clock: FrameClock,
    /// The overlay asked for one more frame to show its text.
    overlay_settling: bool,
    /// One line per transition run, when asked for.
    perf_log: Option<PerfLog>,
    /// Injected GPU faults struck so far (`--inject-gpu-fault`).
    faults_struck: u32,
    /// Keys, clicks and the mouse: exit rules and hotkeys.
    input: Input,
    /// The HUD is on (F3), and its figures.
    hud_on: bool,
    hud: Hud,
    /// What is drawn over the photos this frame: what the show says, and the HUD.
    texts: Vec<OverlayText>,
    /// The transition run under way, measured.
    runs: PerTransition,
}

impl SlideshowApp {
    pub fn new(
        options: ShowOptions,
        library: LibraryFeed,
        stop_requested: Arc<AtomicBool>,
        observer: Option<Box<dyn FrameObserver>>,
        host_events: Option<crossbeam_channel::Receiver<HostEvent>>,
    ) -> Self {
        Self {
            host_events,
            options,
            library: Some(library),
            // First frame and first photo are measured from the process's start.
            started: crate::started::started(),
            running: None,
            error: None,
            stop_requested,
            observer,
            closing: None,
        }
    }

    /// Closes the window at once (it disappears this frame), then leaves the event loop; the
    /// workers are stopped afterwards, by [`SlideshowApp::finish`].
    fn close(&mut self, event_loop: &ActiveEventLoop) {
        self.close_window();
        event_loop.exit();
    }

    /// Hides and destroys the window (dropping everything that holds it, the GPU surface
    /// included), keeping only the workers, to be stopped afterwards.
    fn close_window(&mut self) {
        if let Some(mut running) = self.running.take() {
            // The run under way counts too.
            if let Some(run) = running.runs.frame(Instant::now(), None) {
                running.ran(&run);
            }
            running.window.set_visible(false);
            self.closing = Some(running.decode);
        }
    }

    /// Stops the workers (the window is already gone) and reports a start-up failure, if any.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.close_window();
        if let Some(decode) = self.closing.take() {
            tracing::info!("window closed; stopping the workers");
            decode.shutdown();
        }
        self.error.map_or(Ok(()), Err)
    }

    fn open(&mut self, event_loop: &ActiveEventLoop) -> anyhow::Result<Running> {
        let (width, height) = self.options.window_size;
        let mut attributes = Window::default_attributes()
            .with_title("framewave")
            .with_inner_size(LogicalSize::new(width, height));
        #[cfg(target_os = "linux")]
        if let Some(host) = self.options.host {
            use winit::platform::x11::WindowAttributesExtX11 as _;
            // A child of the host's window, covering it.
            attributes = attributes
                .with_embed_parent_window(host.id)
                .with_decorations(false)
                .with_position(winit::dpi::PhysicalPosition::new(0, 0))
                .with_inner_size(winit::dpi::PhysicalSize::new(host.size.0, host.size.1));
        }
        if self.options.fullscreen && !self.hosted() {
            let chosen = self
                .options
                .monitors
                .first()
                .and_then(|index| event_loop.available_monitors().nth(*index));
            let monitor = chosen
                .or_else(|| event_loop.primary_monitor())
                .or_else(|| event_loop.available_monitors().next());
            // Placed and sized from the monitor itself, borderless, so it fills the monitor
            // with no window manager too; fullscreen asked for as well, for those there are.
            if let Some(monitor) = &monitor {
                attributes = attributes
                    .with_decorations(false)
                    .with_position(monitor.position())
                    .with_inner_size(monitor.size());
            }
            attributes = attributes.with_fullscreen(Some(Fullscreen::Borderless(monitor)));
        }
        let window = Arc::new(event_loop.create_window(attributes)?);
        if self.options.screensaver {
            window.set_cursor_visible(false);
        }
        let clock = FrameClock::new(refresh_hz(&window), self.options.max_fps);
        let display = event_loop.owned_display_handle();
        let renderer =
            WindowRenderer::open(&window, &display, self.options.rung, self.options.gpu_fault)?;
        let transitions = TransitionPlan::start(
            renderer.gpu().zip(renderer.compositor()),
            self.options.transitions.clone(),
            self.options.transition_secs,
            self.options.library.seed,
        )?;
        let exe = std::env::current_exe()?;
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
        let mut decode_config =
            DecodeConfig::new(exe, (max_w, max_h)).with_restart(self.options.restart);
        decode_config.pool.job_deadline = self.options.job_deadline;
        decode_config.pool.worker_args = self.options.worker_args.clone();
        decode_config.worker_config.source_roots = self.options.library.roots.clone();
        let frame_bytes = max_w as u64 * max_h as u64 * 4;
        let slots = (decode_config.pool.workers * decode_config.slots_per_worker as usize) as u64;
        // A photo is its texture and the pixels kept for a change of renderer.
        let plan = budget::plan_within(
            budget::DEFAULT_BUDGET_BYTES,
            2 * frame_bytes,
            slots * frame_bytes,
        );
        let decode = DecodeService::start(decode_config)?;
        let library = self.library.take().expect("the window opens once");
        let slideshow = Slideshow::new(library, self.options.timing).with_prefetch(plan.prefetch);
        let prepared_for = prepared_size(&self.options, renderer.size(), decode.max_frame());
        let cache_capacity = if self.options.photo_cache {
            plan.cached
        } else {
            0
        };
        Ok(Running {
            window,
            display,
            renderer,
            transitions,
            slideshow,
            cache: PhotoCache::new(cache_capacity),
            cache_capacity,
            decoding: HashMap::new(),
            uploads: Default::default(),
            uploaded_this_frame: 0,
            upload_frame_start: Instant::now(),
            decode,
            workers: Vec::new(),
            observer: self.observer.take(),
            finished: false,
            fatal: None,
            options: self.options.clone(),
            started: self.started,
            prepared_for,
            resized_at: None,
            said: None,
            clock,
            overlay_settling: false,
            runs: PerTransition::runs_only(),
            faults_struck: 0,
            input: Input::new(self.options.exit, Instant::now()),
            hud_on: false,
            hud: Hud::default(),
            texts: Vec::new(),
            perf_log: match &self.options.perf_log {
                Some(path) => Some(PerfLog::create(path)?),
                None => None,
            },
        })
    }
}

/// The size to prepare photos at for a window of `window` pixels: with the headroom Ken Burns
/// zooms within, and no larger than a decode slot holds.
fn prepared_size(options: &ShowOptions, window: (u32, u32), max_frame: (u32, u32)) -> (u32, u32) {
    fit_within(with_motion_headroom(options, window), max_frame)
}

/// `size` grown by the headroom Ken Burns zooms within, when it is on.
fn with_motion_headroom(options: &ShowOptions, size: (u32, u32)) -> (u32, u32) {
    if options.ken_burns {
        ken_burns::with_headroom(size)
    } else {
        size
    }
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

impl ApplicationHandler for SlideshowApp {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.running.is_some() {
            return;
        }
        match self.open(event_loop) {
            Ok(running) => self.running = Some(running),
            Err(e) => {
                self.error = Some(e);
                event_loop.exit();
            }
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _: WindowId, event: WindowEvent) {
        let Some(running) = &mut self.running else {
            return;
        };
        let action = match &event {
            // Keys still held when the window took the focus are synthetic: never input.
            WindowEvent::KeyboardInput {
                event:
                    KeyEvent {
                        logical_key,
                        state: ElementState::Pressed,
                        repeat: false,
                        ..
                    },
                is_synthetic: false,
                ..
            } => running.input.key(logical_key),
            WindowEvent::ModifiersChanged(modifiers) => {
                running.input.set_ctrl(modifiers.state().control_key());
                Action::Nothing
            }
            WindowEvent::MouseInput {
                state: ElementState::Pressed,
                ..
            } => running.input.click(),
            WindowEvent::CursorMoved { position, .. } => running
                .input
                .cursor((position.x, position.y), Instant::now()),
            _ => Action::Nothing,
        };
        if action == Action::Exit {
            tracing::info!("input ends the show");
            self.close(event_loop);
            return;
        }
        if action != Action::Nothing {
            running.act(action, Instant::now(), self.host_events.is_some());
        }
        match event {
            WindowEvent::CloseRequested => self.close(event_loop),
            // Taken away (a screensaver host destroying its window takes ours with it).
            WindowEvent::Destroyed => {
                if self.hosted() {
                    tracing::info!("the host's window is gone; the show ends");
                } else {
                    tracing::info!("the window was destroyed; the show ends");
                }
                self.close(event_loop);
            }
            WindowEvent::Resized(size) => {
                running.renderer.resize(size.width, size.height);
                running.resized_at = Some(Instant::now());
            }
            WindowEvent::RedrawRequested => running.present(Instant::now()),
            // Moved to another monitor, perhaps: paced to its refresh rate from now on.
            WindowEvent::Moved(_) | WindowEvent::ScaleFactorChanged { .. } => {
                let hz = refresh_hz(&running.window);
                if running.clock.follow_refresh(hz, running.options.max_fps) {
                    tracing::info!(
                        "now paced to {hz:.2} Hz, the refresh rate of the window's monitor"
                    );
                }
            }
            _ => {}
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.follow_host(event_loop);
        if self.stop_requested.load(Ordering::Relaxed) {
            tracing::info!("stop requested by signal");
            self.close(event_loop);
        } else if self.running.as_ref().is_some_and(|r| r.finished) {
            self.close(event_loop);
        } else if let Some(error) = self.running.as_mut().and_then(|r| r.fatal.take()) {
            self.error = Some(error);
            self.close(event_loop);
        } else if let Some(running) = &mut self.running {
            let now = Instant::now();
            running.update(now);
            let next = running.clock.next(
                now,
                running.moving(),
                &running.scene_key(now),
                running.slideshow.next_change(now),
            );
            match next {
                Next::Draw => {
                    running.window.request_redraw();
                    event_loop
                        .set_control_flow(ControlFlow::WaitUntil(now + running.clock.interval()));
                }
                Next::WaitUntil(at) => {
                    // A photo still arriving in stripes comes back every frame, not every poll.
                    let at = if running.uploads.is_empty() {
                        at
                    } else {
                        at.min(now + running.clock.interval())
                    };
                    event_loop.set_control_flow(ControlFlow::WaitUntil(at));
                }
            }
        }
    }
}

/// The refresh rate of the window's monitor, 60 Hz if it does not say.
fn refresh_hz(window: &Window) -> f64 {
    window
        .current_monitor()
        .and_then(|monitor| monitor.refresh_rate_millihertz())
        .map_or(60.0, |mhz| mhz as f64 / 1000.0)
}

impl Running {
    /// Everything but drawing: takes finished photos and pipelines, asks for the next photos,
    /// advances the clock, and works out what the screen should say. Never waits.
    fn update(&mut self, now: Instant) {
        self.follow_the_ladder(now);
        self.receive_photos(now);
        self.follow_window_size(now);
        self.request_photos();
        let size = self.renderer.size();
        if let Err(e) = self
            .transitions
            .receive(self.renderer.compositor_mut(), size)
        {
            self.fatal = Some(e);
        }
        let next = self.transitions.next_duration(self.renderer.compositor());
        self.slideshow.set_next_transition(next);
        self.slideshow.tick(now);
        self.transitions.follow(self.slideshow.transitions_begun());
        if let Some(status) = self.decode.latest_status() {
            self.workers = status;
        }
        self.say(now);
    }

    /// Something on screen moves by itself: a transition, Ken Burns, or text still settling.
    fn moving(&self) -> bool {
        if self.overlay_settling {
            return true;
        }
        match self.slideshow.view(Instant::now()) {
            View::Empty => false,
            View::Still(_) => self.options.ken_burns,
            View::Transition { .. } => true,
        }
    }

    /// What is on screen, to tell whether it changed since the last frame.
    fn scene_key(&self, now: Instant) -> SceneKey {
        let photos = match self.slideshow.view(now) {
            View::Empty => (0, 0),
            View::Still(photo) => (photo.serial, photo.serial),
            View::Transition { from, to, .. } => (from.serial, to.serial),
        };
        SceneKey {
            photos,
            text: (!self.texts.is_empty()).then(|| format!("{:?}", self.texts)),
            size: self.renderer.size(),
        }
    }

    /// Draws and presents a frame, and tells the perf log and the observer.
    fn present(&mut self, now: Instant) {
        let moving = self.moving();
        let scene = self.scene_key(now);
        if !self.draw(now) {
            self.clock.missed(now);
            return;
        }
        self.clock.presented(now, scene);
        self.hud.presented(now, moving);
        let transition = match self.slideshow.view(now) {
            View::Transition { .. } => self.transitions.current().map(|run| run.name.clone()),
            _ => None,
        };
        if let Some(run) = self.runs.frame(now, transition.as_deref()) {
            self.ran(&run);
        }
        let view = self.slideshow.view(now);
        let transition = transition.as_deref();
        let rung_said = super::rung_notice::said();
        if let Some(observer) = self.observer.as_mut() {
            let context = FrameContext {
                now: Instant::now(),
                photos_shown: self.slideshow.photos_shown(),
                workers: &self.workers,
                moving,
                decoding: !self.decoding.is_empty(),
                transition,
                photo_on_screen: !matches!(view, View::Empty),
                rung: self.renderer.rung(),
                rung_said: rung_said.as_deref(),
                since_start: now.saturating_duration_since(self.started),
            };
            self.finished |= !observer.on_frame(&context);
        }
    }

    /// Draws and presents a frame; false if there was nothing to draw into this time.
    fn draw(&mut self, now: Instant) -> bool {
        let shown = self.slideshow.view(now);
        let scene = match (shown, self.transitions.current()) {
            (View::Empty, _) => Scene::Empty,
            (View::Still(photo), _) => Scene::Still(self.layer(photo)),
            (View::Transition { from, to, progress }, Some(run)) => Scene::Transition {
                from: self.layer(from),
                to: self.layer(to),
                progress: run.easing.apply(progress),
                run,
            },
            // Cannot happen (a transition begins with a run); the arriving photo, then.
            (View::Transition { to, .. }, None) => Scene::Still(self.layer(to)),
        };
        match self.renderer.draw(&self.window, scene, &self.texts) {
            Drew::Presented(settling) => {
                self.overlay_settling = settling;
                true
            }
            Drew::Skipped => false,
        }
    }

    /// Works out what the screen should say about the show's state; logs each change once.
    fn say(&mut self, now: Instant) {
        let library = self.slideshow.source().status();
        let photo_on_screen = !matches!(self.slideshow.view(now), View::Empty);
        let state = ShowState {
            search: SearchProgress {
                searching: !library.searched_once(),
                found: library.found(),
                elapsed: now.saturating_duration_since(self.started),
            },
            photo_on_screen,
            photos_failed: self.slideshow.photos_failed(),
            roots: &self.options.library.roots,
            workers: &self.workers,
        };
        let text = status_text(&state);
        if without_figures(text.as_ref()) != without_figures(self.said.as_ref())
            && let Some(OverlayText::Notice(notice) | OverlayText::Caption(notice)) = &text
        {
            tracing::info!("on screen: {notice}");
        }
        self.said = text;
        self.texts.clear();
        self.texts.extend(self.said.clone());
        if self.hud_on {
            let rung_said = super::rung_notice::said();
            let state = HudState {
                rung: self.renderer.rung(),
                rung_said: rung_said.as_deref(),
                workers: &self.workers,
            };
            self.texts
                .push(OverlayText::Hud(self.hud.text(now, &state)));
        }
    }

    /// A transition run has ended: logged, and judged for the random pool.
    fn ran(&mut self, run: &RunSummary) {
        if let Some(perf) = &self.perf_log {
            perf.run(run);
        }
        self.transitions.ran(run, self.clock.interval());
    }

    /// A photo as drawn: whole, or the Ken Burns window for where it is in its time on screen.
    fn layer<'a>(&self, shown: Shown<'a, Photo>) -> Layer<'a, Photo> {
        let mut layer = Layer::whole(shown.photo, shown.photo.size());
        if self.options.ken_burns {
            let motion = ken_burns::progress(
                shown.on_screen,
                self.options.timing.display,
                self.transitions.longest(),
            );
            layer.window = ken_burns::window(shown.serial, motion);
        }
        layer
    }
}

/// What a text says, without the figures that tick (a search's count, a wait's seconds): a
/// count going up is not news for the log.
fn without_figures(text: Option<&OverlayText>) -> Option<String> {
    text.map(|text| {
        let (OverlayText::Notice(words) | OverlayText::Caption(words) | OverlayText::Hud(words)) =
            text;
        let ticking = words
            .find(" (")
            .filter(|at| words[*at..].contains(" so far)"))
            .or_else(|| words.find("… "));
        ticking.map_or(words.as_str(), |at| &words[..at]).to_owned()
    })
}

/// Scales `size` down, keeping its aspect ratio, until it fits inside `limit`.
fn fit_within(size: (u32, u32), limit: (u32, u32)) -> (u32, u32) {
    let scale = (limit.0 as f64 / size.0.max(1) as f64)
        .min(limit.1 as f64 / size.1.max(1) as f64)
        .min(1.0);
    let scaled = |v: u32| ((v as f64 * scale).floor() as u32).max(1);
    (scaled(size.0), scaled(size.1))
}

#[cfg(test)]
mod tests {
    use super::fit_within;

    #[test]
    fn sizes_are_only_ever_scaled_down() {
        assert_eq!(fit_within((1280, 720), (1920, 1080)), (1280, 720));
        assert_eq!(fit_within((3840, 2160), (1920, 1080)), (1920, 1080));
        assert_eq!(fit_within((4000, 1000), (2000, 2000)), (2000, 500));
    }
}
