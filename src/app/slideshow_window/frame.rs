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
use crate::panel::PanelFacts;
use crate::render::{Layer, OverlayItems, OverlayText, Scene, UiPass, ken_burns};
use crate::slideshow::{Shown, Slideshow, View};
use crate::visualizer::{Mode, Palette, Placement, Theme};

use super::panel_host;
use super::show::LibraryShare;
use crate::library::PhotoRef;

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
        if screen.overlay_settling || screen.ui_dirty {
            return true;
        }
        // The clock fading in.
        // The clock, what is playing, captions: fading in.
        let fading = overlays::fade_in(now.saturating_duration_since(self.overlays_since)) < 1.0;
        if fading
            && screen
                .texts
                .iter()
                .any(|text| matches!(text, OverlayText::Placed { .. }))
        {
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
    pub(super) fn scene_key(&self, show: &ShowView<'_>, screen: &Screen, now: Instant) -> SceneKey {
        let photos = match show.slideshow.view(now) {
            View::Empty => (0, 0),
            View::Still(photo) => (photo.serial, photo.serial),
            View::Transition { from, to, .. } => (from.serial, to.serial),
        };
        SceneKey {
            photos,
            text: (!screen.texts.is_empty()).then(|| format!("{:?}", screen.texts)),
            size: screen.renderer.size(),
            ui: self
                .panel
                .as_ref()
                .and_then(|host| host.ui_key(screen.number, self.started, now)),
        }
    }

    /// Draws and presents a frame of `screen`, and tells the perf log and the observer.
    pub(super) fn present(&mut self, show: &ShowView<'_>, screen: &mut Screen, now: Instant) {
        let moving = self.moving(show, screen, now);
        let scene = self.scene_key(show, screen, now);
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
                settings: &self.settings,
                panel_open: self
                    .panel
                    .as_ref()
                    .is_some_and(|host| host.on_window == Some(screen.number)),
                panel_opened_in: self.panel.as_ref().and_then(|host| host.opened_in),
            };
            self.finished |= !observer.on_frame(&context);
            if let Some(settings) = observer.change_settings(&self.settings) {
                match &mut self.panel {
                    Some(host) => host.changed(settings),
                    None => self.changed_settings = Some(settings),
                }
            }
        }
    }

    /// Draws and presents a frame; false if there was nothing to draw into this time.
    fn draw(&mut self, show: &ShowView<'_>, screen: &mut Screen, now: Instant) -> bool {
        let size = screen.prepared_for;
        self.visualize(show, screen, now);
        // Dimming is a veil over the photos, under everything else drawn over them.
        if self.settings.dim > 0.0 {
            let (width, height) = screen.renderer.size();
            let points =
                egui::vec2(width as f32, height as f32) / screen.window.scale_factor() as f32;
            let veil = egui::Color32::from_black_alpha((self.settings.dim * 255.0).round() as u8);
            screen.shapes.insert(
                0,
                egui::Shape::rect_filled(
                    egui::Rect::from_min_size(egui::Pos2::ZERO, points),
                    0.0,
                    veil,
                ),
            );
        }
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
        // The panel's input since the last frame: taken every frame, drawn with or not, so
        // none piles up.
        let ui_input = match &self.panel {
            Some(host) => {
                let draws = host.draws_on(screen.number, now);
                let window = std::sync::Arc::clone(&screen.window);
                panel_host::ui_input(screen)
                    .map(|input| input.take_egui_input(&window))
                    .filter(|_| draws)
            }
            None => None,
        };
        screen.ui_dirty = false;
        let mut platform = egui::PlatformOutput::default();
        let drew = match (ui_input, &mut self.panel) {
            (Some(input), Some(host)) => {
                self.photos_rejected.make_contiguous();
                let library = self.library.status();
                let rung_said = crate::app::rung_notice::said();
                let mut workers = self.workers.clone();
                if let Some(music) = &self.music {
                    workers.extend(music.workers.iter().cloned());
                }
                let save_problem = host
                    .saver
                    .as_mut()
                    .and_then(|saver| saver.problem().map(str::to_owned));
                let settings_file = host.saver.as_ref().map(|saver| saver.path().to_owned());
                let facts = PanelFacts {
                    photos_found: library.found(),
                    searching: !library.searched_once(),
                    photos_rejected: self.photos_rejected.as_slices().0,
                    transitions: self.transitions.specs(),
                    transitions_rejected: self.transitions.rejected(),
                    workers: &workers,
                    rung: Some(self.renderer.rung()),
                    rung_why: rung_said.as_deref(),
                    pacing: screen.hud.pacing(now, screen.clock.interval()),
                    settings_file: settings_file.as_deref(),
                    save_problem: save_problem.as_deref(),
                };
                let number = screen.number;
                let mut build = |ctx: &egui::Context| host.build(ctx, number, &facts, now);
                screen.renderer.draw(
                    &mut self.renderer,
                    &screen.window,
                    scene,
                    OverlayItems {
                        shapes: &screen.shapes,
                        texts: &screen.texts,
                        ui: Some(UiPass {
                            input,
                            build: &mut build,
                            platform: &mut platform,
                        }),
                    },
                )
            }
            _ => screen.renderer.draw(
                &mut self.renderer,
                &screen.window,
                scene,
                OverlayItems {
                    shapes: &screen.shapes,
                    texts: &screen.texts,
                    ui: None,
                },
            ),
        };
        if let Some((_, input)) = &mut screen.ui_input {
            input.handle_platform_output(&screen.window, platform);
        }
        match drew {
            Drew::Presented(settling) => {
                screen.overlay_settling = settling;
                if let Some(host) = &mut self.panel
                    && host.on_window == Some(screen.number)
                {
                    host.presented(Instant::now());
                }
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
            layer.window = ken_burns::window(
                shown.serial,
                motion,
                self.settings.ken_burns_strength as f32,
            );
        }
        layer
    }

    /// What `screen` writes over its photos: what the show says, the clock, what is playing,
    /// the caption of `photo` (the one arriving, faded in with its transition), and its HUD
    /// when on. Placed text drifts slowly against burn-in, all of it together.
    pub(super) fn texts_for(
        &mut self,
        screen: &mut Screen,
        photo: Option<(&PhotoRef, f32)>,
        now: Instant,
    ) {
        screen.texts.clear();
        screen.texts.extend(self.said.clone());
        let shown = now.saturating_duration_since(self.started);
        let [x, y] = if self.options.burn_in_protection {
            overlays::burn_in_shift(shown)
        } else {
            [0.0, 0.0]
        };
        let shift = [x.round() as i8, y.round() as i8];
        let since = now.saturating_duration_since(self.overlays_since);
        let fade = (overlays::fade_in(since) * 255.0).round() as u8;
        if let Some(style) = self.options.clock {
            screen.texts.push(OverlayText::Placed {
                text: overlays::clock_text(&chrono::Local::now(), style),
                anchor: style.anchor,
                opacity: fade,
                shift,
            });
        }
        #[cfg(target_os = "linux")]
        if let Some(track) = self.now_playing.as_mut().and_then(|np| np.latest()) {
            screen.texts.push(OverlayText::Placed {
                text: overlays::now_playing::describe(track),
                anchor: self.settings.now_playing_anchor,
                opacity: fade,
                shift,
            });
        }
        if let Some((photo, opacity)) = photo.filter(|_| self.shows_photos())
            && let Some(caption) = overlays::caption_text(photo, self.settings.captions)
        {
            screen.texts.push(OverlayText::Placed {
                text: caption,
                anchor: self.settings.caption_anchor,
                opacity: (opacity * f32::from(fade)).round() as u8,
                shift,
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
