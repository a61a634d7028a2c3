//! What the hotkeys do in the running show (on every monitor's show, or the window they were
//! pressed in), and following a screensaver host's window.

use std::time::Instant;

use winit::event_loop::ActiveEventLoop;
use winit::window::Fullscreen;

use super::screen::Screen;
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
            // Hosted: the one window there is.
            for screen in running.shows.iter().flat_map(|show| &show.screens) {
                let _ = screen
                    .window
                    .request_inner_size(winit::dpi::PhysicalSize::new(width, height));
            }
        }
    }
}

impl Running {
    /// Does what a hotkey asks (see [`Input`]): photos and transitions change on every
    /// monitor; the HUD and fullscreen are the window's it was pressed in (`at`: show and
    /// window). `hosted`: drawing in a screensaver host's window, whose size is the host's.
    pub(super) fn act(&mut self, action: Action, now: Instant, hosted: bool, at: (usize, usize)) {
        // Said once, however many shows heard it.
        let mut said = None;
        for show in &mut self.shows {
            match action {
                Action::NextPhoto => show.slideshow.skip(),
                Action::PreviousPhoto if !show.slideshow.back() => {
                    said = Some(
                        "no photo before this one to go back to now (one step at a time, once a \
                         transition has ended)",
                    );
                }
                Action::TogglePause => {
                    let paused = show.slideshow.toggle_pause(now);
                    said = Some(if paused { "paused" } else { "resumed" });
                }
                Action::NextTransition => show.runs.choose_again(),
                _ => {}
            }
        }
        if let Some(said) = said {
            tracing::info!("{said}");
        }
        let Some(screen) = self
            .shows
            .get_mut(at.0)
            .and_then(|show| show.screens.get_mut(at.1))
        else {
            return;
        };
        match action {
            Action::ToggleFullscreen if !hosted => {
                toggle_fullscreen(screen, self.shared.options.window_size)
            }
            Action::ToggleHud => {
                screen.hud_on = !screen.hud_on;
                self.texts_again(now);
            }
            _ => {}
        }
        // Seen at once, not at the next scheduled change.
        for screen in self.shows.iter().flat_map(|show| &show.screens) {
            screen.window.request_redraw();
        }
    }
}

/// Fullscreen on the monitor the window is on, or back to a window with its border at the
/// size asked for (`window_size`).
fn toggle_fullscreen(screen: &mut Screen, window_size: (u32, u32)) {
    let window = &screen.window;
    let on = window.fullscreen().is_some() || !window.is_decorated();
    set_fullscreen(screen, !on, window_size);
}

/// Fullscreen on the monitor the window is on, or a window with its border at `window_size`.
pub(super) fn set_fullscreen(screen: &mut Screen, fullscreen: bool, window_size: (u32, u32)) {
    let window = &screen.window;
    if !fullscreen {
        window.set_fullscreen(None);
        window.set_decorations(true);
        let (width, height) = window_size;
        let _ = window.request_inner_size(winit::dpi::LogicalSize::new(width, height));
    } else {
        let monitor = window.current_monitor();
        if let Some(monitor) = &monitor {
            window.set_decorations(false);
            window.set_outer_position(monitor.position());
            let _ = window.request_inner_size(monitor.size());
        }
        window.set_fullscreen(Some(Fullscreen::Borderless(monitor)));
    }
}
