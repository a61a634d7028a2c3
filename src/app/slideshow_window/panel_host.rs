//! The settings panel in the running show: which window it is open on, the gear button that
//! appears when the mouse moves, what the panel is shown (the show's state), and the changes
//! it makes, handed to `live.rs` to apply and to the saver to write.

use std::time::{Duration, Instant};

use winit::event::WindowEvent;
use winit::keyboard::{Key, NamedKey};

use super::screen::Screen;
use super::{Running, Shared};
use crate::app::PanelOptions;
use crate::panel::{PanelFacts, PanelRequest, SettingsPanel, SystemFolderPicker};
use crate::settings::{Saver, Settings};

/// How often the open panel is drawn again for its figures (input redraws it at once).
const REFRESH: Duration = Duration::from_millis(500);
/// How long the gear button stays after the mouse last moved.
const GEAR_SHOWN: Duration = Duration::from_secs(3);
/// Photos that could not be shown, kept for the Status tab (the newest).
const REJECTED_KEPT: usize = 50;

pub(super) struct PanelHost {
    pub panel: SettingsPanel,
    pub options: PanelOptions,
    /// The window the panel is open on.
    pub on_window: Option<usize>,
    /// The gear button shows until then.
    pub gear_until: Option<Instant>,
    /// Where the mouse was last seen, by window: a window opening under a still mouse is told
    /// where it is, which is not a movement.
    pub cursor: Option<(usize, (f64, f64))>,
    pub saver: Option<Saver>,
    /// A change the panel made, applied at the next update.
    pub pending: Option<Settings>,
    pub requests: Vec<PanelRequest>,
    /// Asked to open then, and the frames presented since, until it shows (how long opening
    /// takes).
    pub opening_since: Option<(Instant, u8)>,
    /// How long it took, the last time.
    pub opened_in: Option<Duration>,
}

impl PanelHost {
    pub fn new(options: PanelOptions, settings: Settings) -> Self {
        let saver = options.file.as_ref().and_then(|path| {
            Saver::start(path.clone(), options.mode, settings.clone())
                .map_err(|e| tracing::warn!("cannot start saving the settings: {e}"))
                .ok()
        });
        let mut panel = SettingsPanel::new(settings, Box::new(SystemFolderPicker::default()));
        panel.set_open(false);
        Self {
            panel,
            options,
            on_window: None,
            gear_until: None,
            cursor: None,
            saver,
            pending: None,
            requests: Vec::new(),
            opening_since: None,
            opened_in: None,
        }
    }

    pub fn open_on(&mut self, window: usize, now: Instant) {
        if self.on_window.is_none() {
            self.opening_since = Some((now, 0));
        }
        self.on_window = Some(window);
        self.panel.set_open(true);
    }

    pub fn close(&mut self) {
        self.on_window = None;
        self.panel.set_open(false);
    }

    /// The mouse is at `position` over `window`: if it moved, the gear button shows for a
    /// while.
    pub fn mouse_at(&mut self, window: usize, position: (f64, f64), now: Instant) {
        let moved = self
            .cursor
            .is_some_and(|(seen_on, seen_at)| seen_on == window && seen_at != position);
        self.cursor = Some((window, position));
        if moved {
            self.gear_until = Some(now + GEAR_SHOWN);
        }
    }

    /// `window` draws something of the panel's this frame: the panel, or the gear button.
    pub fn draws_on(&self, window: usize, now: Instant) -> bool {
        self.on_window == Some(window) || self.gear_shown(now)
    }

    fn gear_shown(&self, now: Instant) -> bool {
        self.on_window.is_none() && self.gear_until.is_some_and(|until| now < until)
    }

    /// A frame with the panel was presented at `now`. A new egui window is laid out unseen
    /// in its first frame and drawn from its second: the panel has opened when that one is up.
    pub fn presented(&mut self, now: Instant) {
        let Some((since, frames)) = &mut self.opening_since else {
            return;
        };
        *frames += 1;
        if *frames < 2 {
            return;
        }
        let took = now.saturating_duration_since(*since);
        self.opening_since = None;
        self.opened_in = Some(took);
        tracing::info!(
            "settings panel open in {:.1} ms",
            took.as_secs_f64() * 1000.0
        );
    }

    /// `settings` as if the panel had made them: applied at the next update, and saved.
    pub fn changed(&mut self, settings: Settings) {
        self.panel.set_settings(settings.clone());
        self.take_change(settings);
    }

    /// A change to apply at the next update, and to save.
    fn take_change(&mut self, settings: Settings) {
        if let Some(saver) = &self.saver {
            saver.changed(settings.clone());
        }
        self.pending = Some(settings);
    }

    /// What of the panel `window` shows, for its scene key: the panel and its refresh tick
    /// (its figures are redrawn a few times a second, not every frame), or the button.
    pub fn ui_key(&self, window: usize, started: Instant, now: Instant) -> Option<u64> {
        if self.on_window == Some(window) {
            Some((now.saturating_duration_since(started).as_millis() / REFRESH.as_millis()) as u64)
        } else {
            self.gear_shown(now).then_some(u64::MAX)
        }
    }

    /// When what `window` shows of the panel next changes by itself: its next refresh tick,
    /// or the button going.
    pub fn next_ui_change(&self, window: usize, started: Instant, now: Instant) -> Option<Instant> {
        if self.on_window == Some(window) {
            let ticks = self.ui_key(window, started, now)? + 1;
            Some(started + REFRESH * ticks as u32)
        } else {
            self.gear_until
                .filter(|until| *until > now && self.on_window.is_none())
        }
    }

    /// Draws the gear button or the panel on `window` with `ctx`.
    pub fn build(
        &mut self,
        ctx: &egui::Context,
        window: usize,
        facts: &PanelFacts<'_>,
        now: Instant,
    ) {
        if self.gear_shown(now) {
            egui::Area::new(egui::Id::unique("settings-gear"))
                .anchor(egui::Align2::RIGHT_TOP, [-16.0, 16.0])
                .show(ctx, |ui| {
                    if ui
                        .button(egui::RichText::new("Settings").size(16.0))
                        .on_hover_text("The settings (S)")
                        .clicked()
                    {
                        self.open_on(window, now);
                    }
                });
        }
        if self.on_window != Some(window) {
            return;
        }
        if let Some(changed) = self.panel.show(ctx, facts) {
            self.take_change(changed);
        }
        self.requests.extend(self.panel.take_requests());
        if !self.panel.is_open() {
            self.close();
        }
    }
}

impl Shared {
    /// A photo could not be shown: kept for the panel's Status tab.
    pub(super) fn rejected(&mut self, path: &std::path::Path, reason: &str) {
        if self.photos_rejected.len() == REJECTED_KEPT {
            self.photos_rejected.pop_front();
        }
        self.photos_rejected
            .push_back((path.display().to_string(), reason.to_owned()));
    }
}

/// The egui input of `screen`, made for the overlay it draws with now (a step down the ladder
/// gives it a new one).
pub(super) fn ui_input(screen: &mut Screen) -> Option<&mut egui_winit::State> {
    let (id, context) = screen.renderer.overlay_context()?;
    let fresh = screen
        .ui_input
        .as_ref()
        .is_none_or(|(made_for, _)| *made_for != id);
    if fresh {
        let state = egui_winit::State::new(
            context.clone(),
            egui::ViewportId::ROOT,
            &screen.window,
            Some(screen.window.scale_factor() as f32),
            None,
            None,
        );
        screen.ui_input = Some((id, state));
    }
    screen.ui_input.as_mut().map(|(_, state)| state)
}

impl Running {
    /// Hands `event` of window `at` to the panel: true if the panel took it (the show must not
    /// act on it too). S opens and closes the panel, Esc closes it; the mouse moving shows the
    /// gear button.
    pub(super) fn panel_event(
        &mut self,
        (show, window): (usize, usize),
        event: &WindowEvent,
        now: Instant,
    ) -> bool {
        let Some(host) = &mut self.shared.panel else {
            return false;
        };
        let screen = &mut self.shows[show].screens[window];
        // The button shows: the window's scene changes, and its clock draws it at its next slot.
        if let WindowEvent::CursorMoved { position, .. } = event {
            host.mouse_at(screen.number, (position.x, position.y), now);
        }
        // Its own redraws are not input (egui-winit would ask for one more, for ever).
        if matches!(event, WindowEvent::RedrawRequested) {
            return false;
        }
        // Esc closes the panel first, whichever window has it.
        let elsewhere = host.on_window.is_some_and(|window| window != screen.number);
        if elsewhere && toggle_key(event) == Some(Toggle::Close) {
            host.close();
            return true;
        }
        if !host.draws_on(screen.number, now) {
            return toggle_key(event) == Some(Toggle::Open) && {
                host.open_on(screen.number, now);
                screen.window.request_redraw();
                true
            };
        }
        let window = std::sync::Arc::clone(&screen.window);
        let Some(input) = ui_input(screen) else {
            return false;
        };
        let response = input.on_window_event(&window, event);
        let typing = input.egui_ctx().egui_wants_keyboard_input();
        // A frame at the next slot of the window's clock, never at once: a mouse reporting a
        // thousand times a second must not draw a thousand frames.
        if response.repaint {
            screen.ui_dirty = true;
        }
        let open = host.on_window == Some(screen.number);
        match toggle_key(event) {
            Some(Toggle::Close) if open => {
                host.close();
                screen.window.request_redraw();
                true
            }
            Some(Toggle::Open) if !typing => {
                // The preview's panel is what its window is for: only Esc or its close button
                // close it.
                if open && !host.options.preview {
                    host.close();
                } else if !open {
                    host.open_on(screen.number, now);
                }
                screen.window.request_redraw();
                true
            }
            _ => response.consumed,
        }
    }

    /// Applies what the panel changed and asked for since the last update.
    pub(super) fn follow_the_panel(&mut self, now: Instant) {
        if let Some(settings) = self.shared.changed_settings.take() {
            self.apply_settings(settings, now);
        }
        let Some(host) = &mut self.shared.panel else {
            return;
        };
        let pending = host.pending.take();
        let requests = std::mem::take(&mut host.requests);
        // `framewave settings`: closing the panel ends it.
        if host.options.preview && host.on_window.is_none() {
            self.shared.finished = true;
        }
        if let Some(settings) = pending {
            self.apply_settings(settings, now);
        }
        for request in requests {
            match request {
                PanelRequest::Preview(name) => self.preview(&name),
            }
        }
    }

    /// Runs transition `name` now, from the photo on screen to the next, in every show.
    fn preview(&mut self, name: &str) {
        let shared = &mut self.shared;
        for show in &mut self.shows {
            if shared
                .transitions
                .preview(&mut show.runs, name, shared.renderer.compositor())
            {
                show.slideshow.skip();
            } else {
                tracing::info!("{name} cannot be previewed yet: it is still being built");
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Toggle {
    Open,
    Close,
}

/// S (open or close) and Esc (close), pressed.
fn toggle_key(event: &WindowEvent) -> Option<Toggle> {
    match crate::app::input::pressed_key(event)? {
        Key::Named(NamedKey::Escape) => Some(Toggle::Close),
        Key::Character(c) if c.eq_ignore_ascii_case("s") => Some(Toggle::Open),
        _ => None,
    }
}
