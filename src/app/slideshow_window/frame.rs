//! One window's frame: what its show has on screen, drawn at the window's size with what the
//! show says over it, presented, measured and told to the observer.

use std::time::Instant;

use super::Shared;
use super::screen::Screen;
use crate::app::frame_clock::SceneKey;
use crate::app::hud::HudState;
use crate::app::music::describe;
use crate::app::observer::FrameContext;
use crate::app::photo_set::PhotoSet;
use crate::app::transition_plan::Runs;
use crate::app::window_renderer::Drew;
use crate::audio::monotonic_ns;
use crate::overlays;
use crate::pacing::RunSummary;
use crate::render::{Layer, OverlayItems, OverlayText, Scene, ken_burns};
use crate::slideshow::{Shown, Slideshow, View};
use crate::visualizer::{Mode, Palette, Placement, Theme};

use super::show::LibraryShare;

/// A show's state as one of its windows draws it.
pub(super) struct ShowView<'a> {
    pub slideshow: &'a Slideshow<PhotoSet, LibraryShare>,
    pub runs: &'a Runs,
    /// The number of the show's largest window: its frames judge the show's transition runs
    /// (a run shown on two monitors is one run).
    pub lead: usize,
}

impl Shared {
    /// Something on `screen` moves by itself: a transition, Ken Burns, or text still settling.
    pub(super) fn moving(&self, show: &ShowView<'_>, screen: &Screen, now: Instant) -> bool {
        if screen.overlay_settling {
            return true;
        }
        // The clock fading in.
        let shown = now.saturating_duration_since(self.started);
        if self.options.clock.is_some() && overlays::fade_in(shown) < 1.0 {
            return true;
        }
        if let Some(music) = &self.music
            && music.options.style.mode != Mode::Off
            && screen.visualizer.moving(music.frame())
        {
            return true;
        }
        match show.slideshow.view(now) {
            View::Empty => false,
            View::Still(_) => self.options.ken_burns && self.options.photos,
            View::Transition { .. } => true,
        }
    }

    /// What is on `screen`, to tell whether it changed since its last frame.
    pub(super) fn scene_key(show: &ShowView<'_>, screen: &Screen, now: Instant) -> SceneKey {
        let photos = match show.slideshow.view(now) {
            View::Empty => (0, 0),
            View::Still(photo) => (photo.serial, photo.serial),
            View::Transition { from, to, .. } => (from.serial, to.serial),
        };
        SceneKey {
            photos,
            text: (!screen.texts.is_empty()).then(|| format!("{:?}", screen.texts)),
            size: screen.renderer.size(),
        }
    }

    /// Draws and presents a frame of `screen`, and tells the perf log and the observer.
    pub(super) fn present(&mut self, show: &ShowView<'_>, screen: &mut Screen, now: Instant) {
        let moving = self.moving(show, screen, now);
        let scene = Self::scene_key(show, screen, now);
        if !self.draw(show, screen, now) {
            screen.clock.missed(now);
            return;
        }
        screen.clock.presented(now, scene);
        screen.hud.presented(now, moving);
        let view = show.slideshow.view(now);
        let transition = match view {
            View::Transition { .. } => show.runs.current().map(|run| run.name.clone()),
            _ => None,
        };
        if let Some(run) = screen.runs.frame(now, transition.as_deref())
            && screen.number == show.lead
        {
            self.ran(screen, &run);
        }
        let rung_said = crate::app::rung_notice::said();
        let sound_age = self
            .music
            .as_ref()
            .filter(|music| music.options.style.mode != Mode::Off && !music.frame().silent)
            .map(|music| {
                let age = monotonic_ns().saturating_sub(music.frame().captured_at_ns);
                std::time::Duration::from_nanos(age)
            });
        if let Some(observer) = self.observer.as_mut() {
            let context = FrameContext {
                now: Instant::now(),
                window: screen.number,
                frame_interval: screen.clock.interval(),
                photos_shown: show.slideshow.photos_shown(),
                workers: &self.workers,
                moving,
                decoding: !self.jobs.is_empty(),
                transition: transition.as_deref(),
                photo_on_screen: !matches!(view, View::Empty),
                rung: self.renderer.rung(),
                rung_said: rung_said.as_deref(),
                sound_age,
                since_start: now.saturating_duration_since(self.started),
            };
            self.finished |= !observer.on_frame(&context);
        }
    }

    /// Draws and presents a frame; false if there was nothing to draw into this time.
    fn draw(&mut self, show: &ShowView<'_>, screen: &mut Screen, now: Instant) -> bool {
        let size = screen.prepared_for;
        self.visualize(show, screen, now);
        let scene = match (show.slideshow.view(now), show.runs.current()) {
            _ if !self.shows_photos() => Scene::Empty,
            (View::Empty, _) => Scene::Empty,
            (View::Still(photo), _) => Scene::Still(self.layer(photo, size)),
            (View::Transition { from, to, progress }, Some(run)) => Scene::Transition {
                from: self.layer(from, size),
                to: self.layer(to, size),
                progress: run.easing.apply(progress),
                run,
            },
            // Cannot happen (a transition begins with a run); the arriving photo, then.
            (View::Transition { to, .. }, None) => Scene::Still(self.layer(to, size)),
        };
        match screen.renderer.draw(
            &mut self.renderer,
            &screen.window,
            scene,
            OverlayItems {
                shapes: &screen.shapes,
                texts: &screen.texts,
            },
        ) {
            Drew::Presented(settling) => {
                screen.overlay_settling = settling;
                true
            }
            Drew::Skipped => false,
        }
    }

    /// Photos are drawn (not so for the visualizer alone).
    pub(super) fn shows_photos(&self) -> bool {
        self.options.photos
            && self
                .music
                .as_ref()
                .is_none_or(|music| music.options.style.placement != Placement::Alone)
    }

    /// Moves `screen`'s visualizer on to `now` and makes its shapes for this frame.
    fn visualize(&mut self, show: &ShowView<'_>, screen: &mut Screen, now: Instant) {
        screen.shapes.clear();
        let shows_photos = self.shows_photos();
        let Some(music) = &mut self.music else {
            return;
        };
        // The newest record, taken as late as can be: right before this window draws.
        music.poll();
        let style = music.options.style;
        if style.mode == Mode::Off {
            return;
        }
        let frame = music.frame();
        screen.visualizer.advance(frame, now);
        let photo = match show.slideshow.view(now) {
            View::Still(photo) | View::Transition { to: photo, .. } => Some(photo),
            View::Empty => None,
        };
        if style.theme == Theme::Photo
            && let Some(photo) = photo.filter(|_| shows_photos)
            && screen
                .photo_palette
                .as_ref()
                .is_none_or(|(serial, _)| *serial != photo.serial)
        {
            let samples = photo.photo.for_size(screen.prepared_for).colour_samples();
            screen.photo_palette = Some((photo.serial, Palette::from_photo(&samples)));
        }
        let palette = Palette::new(style.theme, screen.photo_palette.map(|(_, p)| p));
        let (width, height) = screen.renderer.size();
        let scale = screen.window.scale_factor() as f32;
        let points = egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(width as f32, height as f32) / scale,
        );
        screen.shapes = screen.visualizer.shapes(frame, style, &palette, points);
    }

    /// A photo as a window of `size` draws it: whole, or the Ken Burns window for where it is
    /// in its time on screen.
    fn layer<'a>(
        &self,
        shown: Shown<'a, PhotoSet>,
        size: (u32, u32),
    ) -> Layer<'a, crate::app::photo::Photo> {
        let photo = shown.photo.for_size(size);
        let mut layer = Layer::whole(photo, photo.size());
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

    /// What `screen` writes over its photos: what the show says, and its HUD when on.
    pub(super) fn texts_for(&mut self, screen: &mut Screen, now: Instant) {
        screen.texts.clear();
        screen.texts.extend(self.said.clone());
        if let Some(style) = self.options.clock {
            let shown = now.saturating_duration_since(self.started);
            let [x, y] = if self.options.burn_in_protection {
                overlays::burn_in_shift(shown)
            } else {
                [0.0, 0.0]
            };
            screen.texts.push(OverlayText::Placed {
                text: overlays::clock_text(&chrono::Local::now(), style),
                anchor: style.anchor,
                opacity: (overlays::fade_in(shown) * 255.0).round() as u8,
                shift: [x.round() as i8, y.round() as i8],
            });
        }
        if screen.hud_on {
            let rung_said = crate::app::rung_notice::said();
            let state = HudState {
                rung: self.renderer.rung(),
                rung_said: rung_said.as_deref(),
                workers: &self.workers,
                music: self
                    .music
                    .as_ref()
                    .map(|music| (describe(music), music.workers.as_slice())),
            };
            screen
                .texts
                .push(OverlayText::Hud(screen.hud.text(now, &state)));
        }
    }

    /// A transition run has ended on `screen`: logged, and judged for the random pool.
    pub(super) fn ran(&mut self, screen: &Screen, run: &RunSummary) {
        if let Some(perf) = &self.perf_log {
            perf.run(run);
        }
        self.transitions.ran(run, screen.clock.interval());
    }
}
