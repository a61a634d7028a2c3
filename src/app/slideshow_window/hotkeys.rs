//! What the hotkeys do in the running show, and following a screensaver host's window.

use std::time::Instant;

use winit::event_loop::ActiveEventLoop;
use winit::window::Fullscreen;

use super::{Running, SlideshowApp};
use crate::app::input::Action;
use crate::hosts::HostEvent;

impl SlideshowApp {
    /// Drawing into a screensaver host's window.
    pub(super) fn hosted(&self) -> bool {
        self.host_events.is_some()
    }

    /// Follows the host's window: its size, and its end (the show ends cleanly with it).
    pub(super) fn follow_host(&mut self, event_loop: &ActiveEventLoop) {
        let Some(events) = &self.host_events else {
            return;
        };
        let mut gone = false;
        let mut size = None;
        loop {
            match events.try_recv() {
                Ok(HostEvent::Resized(width, height)) => size = Some((width, height)),
                Ok(HostEvent::Gone) | Err(crossbeam_channel::TryRecvError::Disconnected) => {
                    gone = true;
                    break;
                }
                Err(crossbeam_channel::TryRecvError::Empty) => break,
            }
        }
        if gone {
            tracing::info!("the host's window is gone; the show ends");
            self.close(event_loop);
        } else if let (Some((width, height)), Some(running)) = (size, &self.running) {
            let _ = running
                .window
                .request_inner_size(winit::dpi::PhysicalSize::new(width, height));
        }
    }
}

impl Running {
    /// Does what a hotkey asks (see [`Input`]); `hosted`: drawing in a screensaver host's
    /// window, whose size is the host's to decide.
    pub(super) fn act(&mut self, action: Action, now: Instant, hosted: bool) {
        match action {
            Action::NextPhoto => self.slideshow.skip(),
            Action::PreviousPhoto => {
                if !self.slideshow.back() {
                    tracing::info!(
                        "no photo before this one to go back to now (one step at a time, once \
                         a transition has ended)"
                    );
                }
            }
            Action::TogglePause => {
                let paused = self.slideshow.toggle_pause(now);
                tracing::info!("{}", if paused { "paused" } else { "resumed" });
            }
            Action::NextTransition => self.transitions.choose_again(),
            Action::ToggleFullscreen if hosted => {}
            Action::ToggleFullscreen => self.toggle_fullscreen(),
            Action::ToggleHud => {
                self.hud_on = !self.hud_on;
                self.say(now);
            }
            Action::Exit | Action::Nothing => return,
        }
        // Seen at once, not at the next scheduled change.
        self.window.request_redraw();
    }

    /// Fullscreen on the monitor the window is on, or back to a window with its border at the
    /// size asked for.
    pub(super) fn toggle_fullscreen(&mut self) {
        if self.window.fullscreen().is_some() || !self.window.is_decorated() {
            self.window.set_fullscreen(None);
            self.window.set_decorations(true);
            let (width, height) = self.options.window_size;
            let _ = self
                .window
                .request_inner_size(winit::dpi::LogicalSize::new(width, height));
        } else {
            let monitor = self.window.current_monitor();
            if let Some(monitor) = &monitor {
                self.window.set_decorations(false);
                self.window.set_outer_position(monitor.position());
                let _ = self.window.request_inner_size(monitor.size());
            }
            self.window
                .set_fullscreen(Some(Fullscreen::Borderless(monitor)));
        }
    }
}
