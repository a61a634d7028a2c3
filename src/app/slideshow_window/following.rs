//! Following the monitors while the show runs: a monitor plugged in gets a window (in its own
//! show, or joining the one every monitor shares), an unplugged one's window closes, and a
//! monitor set to another mode or moved has its window follow.

use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use winit::event_loop::ActiveEventLoop;

use super::Running;
use super::monitors::{self, MonitorPlace};
use super::opening::open_window;

/// Without word from the platform, how often winit's list of monitors is looked at (it keeps
/// the list; looking is cheap).
const LOOK_EVERY: Duration = Duration::from_secs(1);

impl Running {
    /// Opens, closes and moves windows to match the monitors there are now: as `told` by the
    /// platform's watcher (X11), else as winit lists them, looked at every [`LOOK_EVERY`].
    pub(super) fn follow_monitors(
        &mut self,
        event_loop: &ActiveEventLoop,
        now: Instant,
        told: Option<&Receiver<Vec<MonitorPlace>>>,
    ) {
        let told = told.map(latest);
        let all = match told {
            Some((Some(all), _)) => all,
            Some((None, false)) => match self.shared.monitors_again.take() {
                Some(all) => all,
                None => return,
            },
            // No word from the platform (or no more: its watcher stopped): looked at.
            Some((None, true)) | None => {
                if now.saturating_duration_since(self.shared.monitors_checked) < LOOK_EVERY {
                    return;
                }
                self.shared.monitors_checked = now;
                event_loop
                    .available_monitors()
                    .map(|m| monitors::place_of(&m))
                    .collect()
            }
        };
        let places = monitors::pick(all.clone(), &self.shared.options.monitors);
        if places.is_empty() {
            return; // none listed at all (the display is going away): keep what there is
        }
        let covered: Vec<((usize, usize), MonitorPlace)> = self
            .shows
            .iter()
            .enumerate()
            .flat_map(|(s, show)| {
                show.screens
                    .iter()
                    .enumerate()
                    .filter_map(move |(w, screen)| screen.monitor.clone().map(|m| ((s, w), m)))
            })
            .collect();
        let covered_places: Vec<MonitorPlace> = covered.iter().map(|(_, m)| m.clone()).collect();
        let mut changes = monitors::changes(&covered_places, &places);
        // A monitor nothing could draw on stays uncovered until the session's rung changes.
        let rung = self.shared.renderer.rung();
        self.shared.uncovered.retain(|(_, at)| *at == rung);
        let uncovered = &self.shared.uncovered;
        changes
            .added
            .retain(|place| !uncovered.iter().any(|(left, _)| left == place));
        for (index, place) in &changes.changed {
            let (s, w) = covered[*index].0;
            let screen = &mut self.shows[s].screens[w];
            tracing::info!(
                "monitor {} is now {}x{} at {},{}: window {} follows",
                place.name.as_deref().unwrap_or("(unnamed)"),
                place.size.0,
                place.size.1,
                place.position.0,
                place.position.1,
                screen.number
            );
            screen
                .window
                .set_outer_position(winit::dpi::PhysicalPosition::new(
                    place.position.0,
                    place.position.1,
                ));
            let _ = screen
                .window
                .request_inner_size(winit::dpi::PhysicalSize::new(place.size.0, place.size.1));
            screen.origin = (f64::from(place.position.0), f64::from(place.position.1));
            screen.monitor = Some(place.clone());
        }
        // Highest first, so the positions of those still to go hold.
        let mut removed: Vec<(usize, usize)> = changes
            .removed
            .iter()
            .map(|index| covered[*index].0)
            .collect();
        removed.sort_unstable_by(|a, b| b.cmp(a));
        for (s, w) in &removed {
            self.close_screen(*s, *w);
        }
        for place in &changes.added {
            match self.open_screen(event_loop, place) {
                Opened::Yes => {}
                Opened::Never => {
                    let rung = self.shared.renderer.rung();
                    self.shared.uncovered.push((place.clone(), rung));
                }
                Opened::AfterStepDown => {
                    // The session stepped down first: the monitor is opened at the next look.
                    self.shared.monitors_again = Some(all);
                    break;
                }
            }
        }
        if !removed.is_empty() || !changes.added.is_empty() {
            let several = self
                .shows
                .iter()
                .map(|show| show.screens.len())
                .sum::<usize>()
                > 1;
            for screen in self
                .shows
                .iter_mut()
                .flat_map(|show| show.screens.iter_mut())
            {
                screen.renderer.share_loop(&self.shared.renderer, several);
            }
        }
    }

    /// Closes the window whose monitor is gone, and its show if it was the show's last.
    fn close_screen(&mut self, s: usize, w: usize) {
        let show = &mut self.shows[s];
        let sizes = show.sizes();
        let screen = show.screens.remove(w);
        tracing::info!(
            "monitor {} is gone: window {} closes",
            screen
                .monitor
                .as_ref()
                .and_then(|m| m.name.as_deref())
                .unwrap_or("(unnamed)"),
            screen.number
        );
        // Its swapchain goes with it, on this thread: Vulkan lets no other thread wait for
        // the device while this one submits.
        screen.window.set_visible(false);
        drop(screen);
        if show.screens.is_empty() {
            self.shows.remove(s);
        } else if show.sizes() != sizes {
            // Its size is one the show no longer needs.
            show.prepare_ahead_again();
        }
    }

    /// Opens a window on a monitor plugged in. If the session's renderer cannot draw there,
    /// it steps down instead (said) and the window is opened at the next look; if it cannot
    /// step down any further, the monitor is left uncovered (said).
    fn open_screen(&mut self, event_loop: &ActiveEventLoop, place: &MonitorPlace) -> Opened {
        let window = match open_window(event_loop, &self.shared.options, Some(place)) {
            Ok(window) => window,
            Err(e) => {
                tracing::warn!("cannot open a window on a new monitor: {e}");
                return Opened::Never;
            }
        };
        let several = true;
        match self
            .shared
            .renderer
            .open_screen(&window, &self.shared.display, several)
        {
            Ok(renderer) => {
                tracing::info!(
                    "monitor {} plugged in: a window opens on it",
                    place.name.as_deref().unwrap_or("(unnamed)")
                );
                self.add_screen(window, renderer, Some(place.clone()));
                Opened::Yes
            }
            Err(trouble) => {
                drop(window);
                let rung = self.shared.renderer.rung();
                tracing::warn!("{}", trouble.why());
                self.step_down(trouble);
                if self.shared.renderer.rung() == rung {
                    tracing::warn!(
                        "monitor {} is left uncovered: nothing can draw there",
                        place.name.as_deref().unwrap_or("(unnamed)")
                    );
                    return Opened::Never;
                }
                Opened::AfterStepDown
            }
        }
    }
}

/// How opening a window on a new monitor went.
enum Opened {
    Yes,
    /// The session stepped down first; try again.
    AfterStepDown,
    /// Not on this rung, nor any other.
    Never,
}

/// The latest list the watcher sent since the last look, if any, and whether the watcher has
/// stopped (its end of the channel gone).
fn latest(told: &Receiver<Vec<MonitorPlace>>) -> (Option<Vec<MonitorPlace>>, bool) {
    let mut latest = None;
    loop {
        match told.try_recv() {
            Ok(all) => latest = Some(all),
            Err(crossbeam_channel::TryRecvError::Empty) => return (latest, false),
            Err(crossbeam_channel::TryRecvError::Disconnected) => return (latest, true),
        }
    }
}
