//! Which monitors the show covers: all of them, or those chosen by number; a window placed and
//! sized from each one explicitly (so it fills its monitor with no window manager too); and
//! what changed since the last look (a monitor plugged in, unplugged, or set to another mode).

use winit::event_loop::ActiveEventLoop;
use winit::monitor::MonitorHandle;
use winit::window::{Fullscreen, WindowAttributes};

/// Where a monitor is on the desktop and how large, as the show covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MonitorPlace {
    /// The output's name (`HDMI-1`), when the platform gives one: a monitor is the same
    /// monitor while its name is, wherever it moves.
    pub name: Option<String>,
    pub position: (i32, i32),
    pub size: (u32, u32),
}

impl MonitorPlace {
    pub fn of(monitor: &MonitorHandle) -> Self {
        let position = monitor.position();
        let size = monitor.size();
        Self {
            name: monitor.name(),
            position: (position.x, position.y),
            size: (size.width, size.height),
        }
    }

    /// The same monitor (perhaps moved or in another mode).
    pub fn same_monitor(&self, other: &Self) -> bool {
        match (&self.name, &other.name) {
            (Some(a), Some(b)) => a == b,
            _ => self.position == other.position,
        }
    }
}

/// The monitors to cover: those numbered in `chosen` (counted from 0 in the platform's order;
/// numbers with no monitor are passed over), or every one when `chosen` is empty or names
/// none there is (an unplugged monitor must not leave the show with no window).
pub(super) fn chosen(event_loop: &ActiveEventLoop, chosen: &[usize]) -> Vec<MonitorHandle> {
    let all: Vec<MonitorHandle> = event_loop.available_monitors().collect();
    let picked: Vec<MonitorHandle> = all
        .iter()
        .enumerate()
        .filter(|(number, _)| chosen.contains(number))
        .map(|(_, monitor)| monitor.clone())
        .collect();
    if picked.is_empty() { all } else { picked }
}

/// `attributes` for a borderless window covering `monitor`: placed and sized from it (which
/// is all a display with no window manager does), and fullscreen asked for as well, for the
/// window managers there are.
pub(super) fn covering(attributes: WindowAttributes, monitor: &MonitorHandle) -> WindowAttributes {
    attributes
        .with_decorations(false)
        .with_position(monitor.position())
        .with_inner_size(monitor.size())
        .with_fullscreen(Some(Fullscreen::Borderless(Some(monitor.clone()))))
}

/// How the monitors covered differ from what is there now.
#[derive(Debug, Default, PartialEq)]
pub(super) struct MonitorChanges {
    /// Monitors to open a window on.
    pub added: Vec<MonitorPlace>,
    /// Windows (by their index in `covered`) whose monitor is gone.
    pub removed: Vec<usize>,
    /// Windows (by index) whose monitor moved or changed mode, with where it is now.
    pub changed: Vec<(usize, MonitorPlace)>,
}

/// Compares the monitors `covered` (one per window) with those `now` to be covered.
pub(super) fn changes(covered: &[MonitorPlace], now: &[MonitorPlace]) -> MonitorChanges {
    let mut changes = MonitorChanges::default();
    for (index, place) in covered.iter().enumerate() {
        match now.iter().find(|now| now.same_monitor(place)) {
            None => changes.removed.push(index),
            Some(now) if now != place => changes.changed.push((index, now.clone())),
            Some(_) => {}
        }
    }
    changes.added = now
        .iter()
        .filter(|now| !covered.iter().any(|place| place.same_monitor(now)))
        .cloned()
        .collect();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, x: i32, width: u32) -> MonitorPlace {
        MonitorPlace {
            name: Some(name.to_owned()),
            position: (x, 0),
            size: (width, 720),
        }
    }

    #[test]
    fn nothing_changes_while_the_monitors_stay() {
        let covered = [place("A", 0, 1280), place("B", 1280, 1280)];
        assert_eq!(changes(&covered, &covered), MonitorChanges::default());
    }

    #[test]
    fn a_monitor_plugged_in_unplugged_or_in_another_mode_is_seen() {
        let covered = [place("A", 0, 1280), place("B", 1280, 1280)];
        let now = [place("A", 0, 1920), place("C", 1920, 800)];
        let seen = changes(&covered, &now);
        assert_eq!(seen.removed, vec![1]);
        assert_eq!(seen.changed, vec![(0, place("A", 0, 1920))]);
        assert_eq!(seen.added, vec![place("C", 1920, 800)]);
    }

    #[test]
    fn monitors_without_names_are_told_apart_by_position() {
        let unnamed = |x| MonitorPlace {
            name: None,
            position: (x, 0),
            size: (100, 100),
        };
        let seen = changes(&[unnamed(0)], &[unnamed(0), unnamed(100)]);
        assert_eq!(seen.added, vec![unnamed(100)]);
        assert!(seen.removed.is_empty());
    }
}
