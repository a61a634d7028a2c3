//! What a key, a click or the mouse does to the show: the screensaver's exit rules and the
//! hotkeys, as pure state (no window in it), so every rule is tested.
//!
//! Esc and Q always end the show. With `exit_on_input` (the screensaver), any other key, a
//! click, or the mouse moving beyond a threshold ends it too; movement during a grace period
//! after the start is ignored (a screensaver starts while the hand is still on the mouse), and
//! holding Ctrl suspends all of it. The hotkeys never end the show.

use std::time::{Duration, Instant};

use winit::keyboard::{Key, NamedKey};

/// When input ends the show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExitRules {
    /// Any key, click or mouse movement ends the show (else only Esc and Q do).
    pub exit_on_input: bool,
    /// How far the mouse must move, in physical pixels.
    pub threshold_px: f64,
    /// After the start, movement is ignored this long.
    pub grace: Duration,
}

impl ExitRules {
    /// The windowed show: only Esc and Q end it.
    pub const WINDOWED: Self = Self {
        exit_on_input: false,
        threshold_px: 10.0,
        grace: Duration::from_secs(1),
    };
}

/// The key `event` presses, if it is a key pressed by the user (not held over from before the
/// window took the focus, not repeated).
pub fn pressed_key(event: &winit::event::WindowEvent) -> Option<&Key> {
    match event {
        winit::event::WindowEvent::KeyboardInput {
            event:
                winit::event::KeyEvent {
                    logical_key,
                    state: winit::event::ElementState::Pressed,
                    repeat: false,
                    ..
                },
            is_synthetic: false,
            ..
        } => Some(logical_key),
        _ => None,
    }
}

/// What the input asks of the show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Exit,
    NextPhoto,
    PreviousPhoto,
    TogglePause,
    NextTransition,
    ToggleHud,
    ToggleFullscreen,
    Nothing,
}

#[derive(Debug)]
pub struct Input {
    rules: ExitRules,
    started: Instant,
    ctrl: bool,
    /// Where the mouse was first seen after the grace period.
    anchor: Option<(f64, f64)>,
}

impl Input {
    pub fn new(rules: ExitRules, started: Instant) -> Self {
        Self {
            rules,
            started,
            ctrl: false,
            anchor: None,
        }
    }

    /// The rules in force from now, said once (when the mouse may end the show).
    pub fn started(rules: ExitRules) -> Self {
        if rules.exit_on_input {
            tracing::info!(
                "the show ends on a key, a click, or the mouse moving more than {} px after {:.1} s",
                rules.threshold_px,
                rules.grace.as_secs_f64()
            );
        }
        Self::new(rules, Instant::now())
    }

    pub fn set_ctrl(&mut self, held: bool) {
        self.ctrl = held;
    }

    /// A key pressed (releases and repeats are not passed in).
    pub fn key(&mut self, key: &Key) -> Action {
        match key {
            Key::Named(NamedKey::Escape) => Action::Exit,
            Key::Character(c) if c.eq_ignore_ascii_case("q") => Action::Exit,
            Key::Named(NamedKey::ArrowRight) => Action::NextPhoto,
            Key::Named(NamedKey::ArrowLeft) => Action::PreviousPhoto,
            Key::Named(NamedKey::Space) => Action::TogglePause,
            Key::Character(c) if c.eq_ignore_ascii_case("c") => Action::NextTransition,
            Key::Named(NamedKey::F3) => Action::ToggleHud,
            Key::Named(NamedKey::F11) => Action::ToggleFullscreen,
            // Ctrl itself, and any key while it is held, suspend exiting.
            Key::Named(NamedKey::Control) => Action::Nothing,
            _ => self.any_input(),
        }
    }

    pub fn click(&mut self) -> Action {
        self.any_input()
    }

    /// The mouse is at `position` (physical pixels) at `now`.
    pub fn cursor(&mut self, position: (f64, f64), now: Instant) -> Action {
        if now.saturating_duration_since(self.started) < self.rules.grace {
            return Action::Nothing;
        }
        let anchor = *self.anchor.get_or_insert(position);
        let moved = (position.0 - anchor.0).hypot(position.1 - anchor.1);
        if moved > self.rules.threshold_px {
            // The next movement is measured from here (while Ctrl holds the show).
            self.anchor = Some(position);
            return self.any_input();
        }
        Action::Nothing
    }

    fn any_input(&self) -> Action {
        if self.rules.exit_on_input && !self.ctrl {
            Action::Exit
        } else {
            Action::Nothing
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVER: ExitRules = ExitRules {
        exit_on_input: true,
        threshold_px: 10.0,
        grace: Duration::from_secs(1),
    };

    fn key(c: &str) -> Key {
        Key::Character(c.into())
    }

    #[test]
    fn esc_and_q_always_end_the_show_and_hotkeys_never_do() {
        for rules in [SAVER, ExitRules::WINDOWED] {
            let mut input = Input::new(rules, Instant::now());
            input.set_ctrl(true);
            assert_eq!(input.key(&Key::Named(NamedKey::Escape)), Action::Exit);
            assert_eq!(input.key(&key("Q")), Action::Exit);
            input.set_ctrl(false);
            assert_eq!(
                input.key(&Key::Named(NamedKey::ArrowRight)),
                Action::NextPhoto
            );
            assert_eq!(
                input.key(&Key::Named(NamedKey::ArrowLeft)),
                Action::PreviousPhoto
            );
            assert_eq!(input.key(&Key::Named(NamedKey::Space)), Action::TogglePause);
            assert_eq!(input.key(&key("c")), Action::NextTransition);
            assert_eq!(input.key(&Key::Named(NamedKey::F3)), Action::ToggleHud);
        }
    }

    #[test]
    fn the_screensaver_ends_on_any_key_or_click_unless_ctrl_is_held() {
        let mut input = Input::new(SAVER, Instant::now());
        assert_eq!(input.key(&key("x")), Action::Exit);
        assert_eq!(input.click(), Action::Exit);
        input.set_ctrl(true);
        assert_eq!(input.key(&key("x")), Action::Nothing);
        assert_eq!(input.click(), Action::Nothing);
        let mut window = Input::new(ExitRules::WINDOWED, Instant::now());
        assert_eq!(window.key(&key("x")), Action::Nothing);
        assert_eq!(window.click(), Action::Nothing);
    }

    #[test]
    fn the_mouse_ends_it_beyond_the_threshold_after_the_grace_period() {
        let start = Instant::now();
        let mut input = Input::new(SAVER, start);
        // During the grace period: nothing, however far.
        assert_eq!(input.cursor((0.0, 0.0), start), Action::Nothing);
        assert_eq!(
            input.cursor((500.0, 500.0), start + Duration::from_millis(900)),
            Action::Nothing
        );
        let later = start + Duration::from_secs(2);
        // The first position after it is the anchor; a jiggle within the threshold is nothing.
        assert_eq!(input.cursor((500.0, 500.0), later), Action::Nothing);
        assert_eq!(input.cursor((506.0, 506.0), later), Action::Nothing);
        assert_eq!(input.cursor((512.0, 500.0), later), Action::Exit);
        // Ctrl held: movement never ends it.
        let mut held = Input::new(SAVER, start);
        held.set_ctrl(true);
        held.cursor((0.0, 0.0), later);
        assert_eq!(held.cursor((900.0, 0.0), later), Action::Nothing);
    }
}
