//! The winit application: one window per monitor (or one window, or a screensaver host's),
//! showing the slideshow.
//!
//! What the windows share is [`Shared`]: the GPU device (or the CPU), the decode workers and
//! the photos they prepare, the photo cache, the library, the transitions that can run, the
//! input rules. What each window owns is its [`Screen`]: the window, its swapchain, its frame
//! clock, its text. A [`Show`] is one photo sequence and the windows showing it: each monitor
//! its own, or one on every monitor.
//!
//! Opening it all (`opening.rs`), the sizes photos are prepared at (`sizes.rs`), photos
//! arriving (`photos.rs`), a window's frame
//! (`frame.rs`), the rendering ladder (`ladder.rs`), monitors coming and going (`monitors.rs`,
//! `following.rs`) and the hotkeys and host window (`hotkeys.rs`) each have a file of their
//! own.

mod following;
mod frame;
mod hotkeys;
mod ladder;
mod live;
mod monitors;
mod opening;
mod panel_host;
mod photos;
mod screen;
mod show;
mod sizes;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use winit::application::ApplicationHandler;
use winit::event::{ElementState, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, OwnedDisplayHandle};
use winit::window::{Window, WindowId};

use super::ShowOptions;
use super::frame_clock::{FrameClock, Next};
use super::input::{Action, Input};
use super::music::Music;
use super::observer::FrameObserver;
use super::perf_log::PerfLog;
use super::photo::Photo;
use super::photo_cache::PhotoCache;
use super::status_text::{SearchProgress, ShowState, status_text};
use super::transition_plan::TransitionPlan;
use super::upload::Upload;
use super::window_renderer::{ScreenRenderer, SessionRenderer};
use crate::decode::DecodeService;
use crate::hosts::HostEvent;
use crate::library::LibraryFeed;
use crate::render::OverlayText;
use crate::slideshow::{Slideshow, View};
use crate::supervisor::WorkerStatus;
use frame::ShowView;
use monitors::MonitorPlace;
use photos::Jobs;
use screen::{Screen, refresh_hz};
use show::{LibraryShare, Show};
use sizes::prepared_size;

pub struct SlideshowApp {
    options: ShowOptions,
    /// Handed to the shows when the windows open.
    library: Option<LibraryFeed>,
    started: Instant,
    running: Option<Running>,
    error: Option<anyhow::Error>,
    /// Set by SIGTERM/SIGINT.
    stop_requested: Arc<AtomicBool>,
    observer: Option<Box<dyn FrameObserver>>,
    /// The audio worker, handed to the shared state when the windows open.
    music: Option<Music>,
    /// The workers, once the windows are gone: stopped last, so closing looks instant.
    closing: Option<(DecodeService, Option<Music>)>,
    /// What the screensaver host's window does (its size, its end), when drawing into one.
    host_events: Option<crossbeam_channel::Receiver<HostEvent>>,
    /// The monitors there are, after each change, when the platform says (X11).
    monitor_changes: Option<crossbeam_channel::Receiver<Vec<MonitorPlace>>>,
}

/// What the desktop tells the show while it runs.
#[derive(Default)]
pub struct DesktopEvents {
    /// What a screensaver host's window does (its size, its end), when drawing into one.
    pub host: Option<crossbeam_channel::Receiver<HostEvent>>,
    /// The monitors there are, after each change (X11's RandR).
    pub monitors: Option<crossbeam_channel::Receiver<Vec<MonitorPlace>>>,
}

/// Everything that exists while the windows are open: what they share, and the shows (each
/// with its windows).
struct Running {
    shared: Shared,
    shows: Vec<Show>,
}

/// What every window shares.
struct Shared {
    /// For new swapchains and software surfaces (a step down, a monitor plugged in).
    display: OwnedDisplayHandle,
    /// The GPU device and its compositor (shader or compositor rung), or the CPU.
    renderer: SessionRenderer,
    /// Which transitions can run, and the pipelines still being built.
    transitions: TransitionPlan,
    /// The one photo library every show deals from.
    library: LibraryShare,
    decode: DecodeService,
    /// Decodes under way, and which shows wait for each.
    jobs: Jobs,
    cache: PhotoCache<Photo>,
    /// Photos the cache may keep (emptied, not shrunk, when the session changes rung).
    cache_capacity: usize,
    /// Photos arriving, a stripe a frame (each holds its slot until done), by decode job.
    uploads: VecDeque<(u64, Upload)>,
    /// Bytes uploaded in the current frame's time (the budget is per frame interval, drawn or
    /// not), and when that interval began.
    uploaded_this_frame: u64,
    upload_frame_start: Instant,
    /// The latest status of every decode worker.
    workers: Vec<WorkerStatus>,
    observer: Option<Box<dyn FrameObserver>>,
    /// The observer asked to close.
    finished: bool,
    /// The audio worker's latest record and what the show does with it, if it listens.
    music: Option<Music>,
    /// Why the show cannot go on (a transition asked for that no file provides).
    fatal: Option<anyhow::Error>,
    options: ShowOptions,
    started: Instant,
    /// What the screens say about the show's state (drawn, and logged once per change).
    said: Option<OverlayText>,
    /// One line per transition run, when asked for.
    perf_log: Option<PerfLog>,
    /// Injected GPU faults struck so far (`--inject-gpu-fault`).
    faults_struck: u32,
    /// Keys, clicks and the mouse, from every window: exit rules and hotkeys.
    input: Input,
    /// Photos each show prepares ahead.
    prefetch: usize,
    /// For the next show and the next window.
    next_show_id: u64,
    next_window_number: usize,
    /// When the monitors were last looked at.
    monitors_checked: Instant,
    /// Monitors to look at again (a window could not be opened on one of them yet).
    monitors_again: Option<Vec<MonitorPlace>>,
    /// Monitors nothing could draw on, and the rung that could not: left uncovered until the
    /// rung changes.
    uncovered: Vec<(MonitorPlace, super::Rung)>,
    /// The settings the show runs with now.
    settings: crate::settings::Settings,
    /// The settings panel, in windowed use.
    panel: Option<panel_host::PanelHost>,
    /// What is playing, when the now-playing overlay is on.
    #[cfg(target_os = "linux")]
    now_playing: Option<crate::overlays::now_playing::NowPlaying>,
    /// Photos that could not be shown, and why (the newest), for the panel's Status tab.
    photos_rejected: VecDeque<(String, String)>,
    /// Settings changed by the observer, in a show without a panel.
    changed_settings: Option<crate::settings::Settings>,
    /// Since when the placed overlays (clock, now playing, captions) have been on: they fade
    /// in from then, at the start or when switched on in the panel.
    overlays_since: Instant,
}

impl SlideshowApp {
    pub fn new(
        options: ShowOptions,
        library: LibraryFeed,
        stop_requested: Arc<AtomicBool>,
        observer: Option<Box<dyn FrameObserver>>,
        desktop: DesktopEvents,
    ) -> Self {
        Self {
            host_events: desktop.host,
            monitor_changes: desktop.monitors,
            options,
            library: Some(library),
            // First frame and first photo are measured from the process's start.
            started: crate::started::started(),
            running: None,
            error: None,
            stop_requested,
            observer,
            closing: None,
            music: None,
        }
    }

    /// Music for the show: the audio worker (already started), the visualizer, beat sync.
    pub fn with_music(mut self, music: Option<Music>) -> Self {
        self.music = music;
        self
    }

    /// Closes every window at once (they disappear this frame), then leaves the event loop;
    /// the workers are stopped afterwards, by [`SlideshowApp::finish`].
    fn close(&mut self, event_loop: &ActiveEventLoop) {
        self.close_windows();
        event_loop.exit();
    }

    /// Hides and destroys the windows (dropping everything that holds them, the GPU surfaces
    /// included), keeping only the workers, to be stopped afterwards.
    fn close_windows(&mut self) {
        let Some(mut running) = self.running.take() else {
            return;
        };
        let Running { shared, shows } = &mut running;
        for show in shows.iter_mut() {
            let lead = lead(&show.screens);
            for screen in &mut show.screens {
                screen.window.set_visible(false);
                // The run under way counts too (once per show).
                if let Some(run) = screen.runs.frame(Instant::now(), None)
                    && screen.number == lead
                {
                    shared.ran(screen, &run);
                }
            }
        }
        let Running { shared, shows } = running;
        drop(shows);
        // The last change is written before the show ends.
        if let Some(saver) = shared.panel.and_then(|host| host.saver) {
            saver.finish();
        }
        self.closing = Some((shared.decode, shared.music));
    }

    /// Stops the workers (the windows are already gone) and reports a start-up failure, if
    /// any.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.close_windows();
        if let Some((decode, music)) = self.closing.take() {
            tracing::info!("windows closed; stopping the workers");
            if let Some(music) = music {
                music.service.shutdown();
            }
            decode.shutdown();
        }
        self.error.map_or(Ok(()), Err)
    }

    /// Which show and window `id` is.
    fn find(&self, id: WindowId) -> Option<(usize, usize)> {
        let running = self.running.as_ref()?;
        running.shows.iter().enumerate().find_map(|(s, show)| {
            show.screens
                .iter()
                .position(|screen| screen.window.id() == id)
                .map(|w| (s, w))
        })
    }
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

    fn window_event(&mut self, event_loop: &ActiveEventLoop, id: WindowId, event: WindowEvent) {
        let Some(at) = self.find(id) else {
            return;
        };
        let hosted = self.hosted();
        let Some(running) = &mut self.running else {
            return;
        };
        // What the settings panel takes (typing in it, a click on it, Esc closing it) is not
        // the show's.
        if !running.panel_event(at, &event, Instant::now()) {
            let action = running.input_from(at, &event);
            if action == Action::Exit {
                tracing::info!("input ends the show");
                self.close(event_loop);
                return;
            }
            if action != Action::Nothing {
                running.act(action, Instant::now(), hosted, at);
            }
        }
        let screen = &mut running.shows[at.0].screens[at.1];
        match event {
            WindowEvent::CloseRequested => self.close(event_loop),
            // Taken away (a screensaver host destroying its window takes ours with it).
            WindowEvent::Destroyed => {
                if hosted {
                    tracing::info!("the host's window is gone; the show ends");
                } else {
                    tracing::info!("a window of the show was destroyed; the show ends");
                }
                self.close(event_loop);
            }
            WindowEvent::Resized(size) => {
                screen
                    .renderer
                    .resize(&running.shared.renderer, size.width, size.height);
                screen.resized_at = Some(Instant::now());
                // A monitor set to another mode resizes its window; its refresh may differ.
                follow_refresh(screen, running.shared.options.max_fps);
            }
            WindowEvent::RedrawRequested => running.present(at, Instant::now()),
            // Moved to another monitor, perhaps: paced to its refresh rate from now on.
            WindowEvent::Moved(position) => {
                screen.origin = (f64::from(position.x), f64::from(position.y));
                follow_refresh(screen, running.shared.options.max_fps);
            }
            WindowEvent::ScaleFactorChanged { .. } => {
                follow_refresh(screen, running.shared.options.max_fps);
            }
            _ => {}
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.follow_host(event_loop);
        if self.stop_requested.load(Ordering::Relaxed) {
            tracing::info!("stop requested by signal");
            self.close(event_loop);
            return;
        }
        let covers_monitors = self.covers_monitors();
        let Some(running) = &mut self.running else {
            return;
        };
        if running.shared.finished {
            self.close(event_loop);
        } else if let Some(error) = running.shared.fatal.take() {
            self.error = Some(error);
            self.close(event_loop);
        } else {
            let now = Instant::now();
            if covers_monitors {
                running.follow_monitors(event_loop, now, self.monitor_changes.as_ref());
            }
            running.update(now);
            let wake = running.schedule(now);
            event_loop.set_control_flow(ControlFlow::WaitUntil(wake));
        }
    }
}

/// The window may be on another monitor now: paced to that one's refresh rate.
fn follow_refresh(screen: &mut Screen, max_fps: Option<f64>) {
    let hz = refresh_hz(&screen.window);
    if screen.clock.follow_refresh(hz, max_fps) {
        tracing::info!(
            "window {} now paced to {hz:.2} Hz, the refresh rate of its monitor",
            screen.number
        );
    }
}

impl Running {
    /// What a window's input asks of the show (keys still held when a window took the focus
    /// are synthetic: never input). Mouse positions are made desktop-wide.
    fn input_from(&mut self, (show, window): (usize, usize), event: &WindowEvent) -> Action {
        let input = &mut self.shared.input;
        if let Some(key) = super::input::pressed_key(event) {
            return input.key(key);
        }
        match event {
            WindowEvent::ModifiersChanged(modifiers) => {
                input.set_ctrl(modifiers.state().control_key());
                Action::Nothing
            }
            WindowEvent::MouseInput {
                state: ElementState::Pressed,
                ..
            } => input.click(),
            WindowEvent::CursorMoved { position, .. } => {
                let origin = self.shows[show].screens[window].origin;
                input.cursor(
                    (origin.0 + position.x, origin.1 + position.y),
                    Instant::now(),
                )
            }
            _ => Action::Nothing,
        }
    }

    /// Opens a show's window: in the one show every monitor shares, or in a show of its own.
    fn add_screen(
        &mut self,
        window: Arc<Window>,
        renderer: ScreenRenderer,
        monitor: Option<MonitorPlace>,
    ) {
        let shared = &mut self.shared;
        let clock = FrameClock::new(refresh_hz(&window), shared.options.max_fps);
        let mut screen = Screen::new(window, renderer, monitor, shared.next_window_number, clock);
        shared.next_window_number += 1;
        screen.prepared_for = prepared_size(
            &shared.options,
            screen.renderer.size(),
            shared.decode.max_frame(),
        );
        if let Some(place) = &screen.monitor {
            tracing::info!(
                "window {} covers monitor {} at {},{} ({}x{})",
                screen.number,
                place.name.as_deref().unwrap_or("(unnamed)"),
                place.position.0,
                place.position.1,
                place.size.0,
                place.size.1
            );
        }
        if shared.options.same_photo_on_all_monitors
            && let Some(show) = self.shows.first_mut()
        {
            let sizes = show.sizes();
            show.screens.push(screen);
            // A new size joins those the show's photos are prepared at.
            if show.sizes() != sizes {
                show.prepare_ahead_again();
            }
            return;
        }
        shared.next_show_id += 1;
        let slideshow = Slideshow::new(shared.library.clone(), shared.options.timing)
            .with_prefetch(shared.prefetch);
        let mut show = Show::new(shared.next_show_id, slideshow);
        show.screens.push(screen);
        self.shows.push(show);
    }

    /// Everything but drawing: takes finished photos and pipelines, asks for the next photos,
    /// advances every show's clock, and works out what the screens should say. Never waits.
    fn update(&mut self, now: Instant) {
        self.follow_the_panel(now);
        self.follow_the_ladder(now);
        self.receive_photos(now);
        self.follow_window_sizes(now);
        // The visualizer alone asks for no photo at all: the decode workers stay idle.
        if self.shared.shows_photos() {
            self.request_photos();
        }
        let shared = &mut self.shared;
        // Transitions too slow for the largest window are left out of a random pool.
        let largest = self
            .shows
            .iter()
            .flat_map(|show| &show.screens)
            .map(|screen| screen.renderer.size())
            .max_by_key(|(w, h)| u64::from(*w) * u64::from(*h))
            .unwrap_or_default();
        if let Err(e) = shared
            .transitions
            .receive(shared.renderer.compositor_mut(), largest)
        {
            shared.fatal = Some(e);
        }
        if let Some(music) = &mut shared.music {
            music.poll();
        }
        for show in &mut self.shows {
            let mut next = shared
                .transitions
                .next_duration(&mut show.runs, shared.renderer.compositor());
            if let Some(music) = &mut shared.music {
                next = music.gate(next, show.slideshow.due_by_time(now));
            }
            show.slideshow.set_next_transition(next);
            show.slideshow.tick(now);
            show.runs.follow(show.slideshow.transitions_begun());
        }
        if let Some(status) = shared.decode.latest_status() {
            shared.workers = status;
        }
        self.say(now);
    }

    /// Works out what the screens should say about the show's state; logs each change once.
    fn say(&mut self, now: Instant) {
        let shared = &mut self.shared;
        let library = shared.library.status();
        let photo_on_screen = self
            .shows
            .iter()
            .all(|show| !matches!(show.slideshow.view(now), View::Empty));
        let state = ShowState {
            search: SearchProgress {
                searching: !library.searched_once(),
                found: library.found(),
                elapsed: now.saturating_duration_since(shared.started),
            },
            photo_on_screen,
            photos_failed: self.shows.iter().map(|s| s.slideshow.photos_failed()).sum(),
            roots: &shared.options.library.roots,
            workers: &shared.workers,
        };
        // With no photos to show, there is nothing to say about them.
        let text = status_text(&state).filter(|_| shared.shows_photos());
        if without_figures(text.as_ref()) != without_figures(shared.said.as_ref())
            && let Some(OverlayText::Notice(notice) | OverlayText::Caption(notice)) = &text
        {
            tracing::info!("on screen: {notice}");
        }
        shared.said = text;
        self.texts_again(now);
    }

    /// What every screen writes over its photos, made again.
    fn texts_again(&mut self, now: Instant) {
        let shared = &mut self.shared;
        for show in &mut self.shows {
            // The photo arriving names the screen: its caption fades in with its transition.
            let photo = match show.slideshow.view(now) {
                View::Empty => None,
                View::Still(photo) => Some((photo.photo.about(), 1.0)),
                View::Transition { to, progress, .. } => Some((to.photo.about(), progress)),
            };
            for screen in &mut show.screens {
                shared.texts_for(screen, photo, now);
            }
        }
    }

    /// Asks each window that has something new to show for a frame; returns when the loop
    /// must next wake (the soonest of any window).
    fn schedule(&mut self, now: Instant) -> Instant {
        let shared = &self.shared;
        let mut wake = now + Duration::from_secs(1);
        for show in &mut self.shows {
            let Show {
                slideshow,
                runs,
                screens,
                ..
            } = show;
            let view = ShowView {
                slideshow,
                runs,
                lead: lead(screens),
            };
            let change = slideshow.next_change(now);
            // A transition waiting for its beat: the loop wakes on the beat.
            if let Some(beat) = shared
                .music
                .as_ref()
                .and_then(|music| music.next_beat(slideshow.due_by_time(now), now))
            {
                wake = wake.min(beat);
            }
            for screen in screens {
                // The panel's figures and its button come and go on their own.
                if let Some(at) = shared
                    .panel
                    .as_ref()
                    .and_then(|host| host.next_ui_change(screen.number, shared.started, now))
                {
                    wake = wake.min(at);
                }
                let moving = shared.moving(&view, screen, now);
                let key = shared.scene_key(&view, screen, now);
                let at = match screen.clock.next(now, moving, &key, change) {
                    Next::Draw => {
                        screen.window.request_redraw();
                        now + screen.clock.interval()
                    }
                    // A photo still arriving in stripes comes back every frame, not every poll.
                    Next::WaitUntil(at) if !shared.uploads.is_empty() => {
                        at.min(now + screen.clock.interval())
                    }
                    Next::WaitUntil(at) => at,
                };
                wake = wake.min(at);
            }
        }
        wake
    }

    /// Draws window `at` (show, window).
    fn present(&mut self, (show, window): (usize, usize), now: Instant) {
        let Show {
            slideshow,
            runs,
            screens,
            ..
        } = &mut self.shows[show];
        let view = ShowView {
            slideshow,
            runs,
            lead: lead(screens),
        };
        self.shared.present(&view, &mut screens[window], now);
    }
}

/// The window whose frames judge a show's transition runs: its largest, where a transition is
/// dearest.
fn lead(screens: &[Screen]) -> usize {
    screens
        .iter()
        .max_by_key(|screen| {
            let (w, h) = screen.renderer.size();
            u64::from(w) * u64::from(h)
        })
        .map_or(0, |screen| screen.number)
}

/// What a text says, without the figures that tick (a search's count, a wait's seconds): a
/// count going up is not news for the log.
fn without_figures(text: Option<&OverlayText>) -> Option<String> {
    text.map(|text| {
        let (OverlayText::Notice(words)
        | OverlayText::Caption(words)
        | OverlayText::Hud(words)
        | OverlayText::Placed { text: words, .. }) = text;
        let ticking = words
            .find(" (")
            .filter(|at| words[*at..].contains(" so far)"))
            .or_else(|| words.find("… "));
        ticking.map_or(words.as_str(), |at| &words[..at]).to_owned()
    })
}
