//! Which monitors the show covers: all of them, or those chosen by number; a window placed and
//! sized from each one explicitly (so it fills its monitor with no window manager too); and
//! what changed since the last look (a monitor plugged in, unplugged, or set to another mode).

use winit::dpi::{PhysicalPosition, PhysicalSize};
use winit::event_loop::ActiveEventLoop;
use winit::monitor::MonitorHandle;
use winit::window::{Fullscreen, WindowAttributes};

pub(super) use crate::hosts::MonitorPlace;

/// Where `monitor` is and how large.
pub(super) fn place_of(monitor: &MonitorHandle) -> MonitorPlace {
    let position = monitor.position();
    let size = monitor.size();
    MonitorPlace {
        name: monitor.name(),
        position: (position.x, position.y),
        size: (size.width, size.height),
    }
}

/// The monitors to cover, of those winit lists (see [`pick`]).
pub(super) fn chosen(event_loop: &ActiveEventLoop, chosen: &[usize]) -> Vec<MonitorPlace> {
    let all = event_loop
        .available_monitors()
        .map(|m| place_of(&m))
        .collect();
    pick(all, chosen)
}

/// The monitors to cover of `all`: those numbered in `chosen`, counted from 0 left to right
/// (then top to bottom; numbers with no monitor are passed over), or every one when `chosen`
/// is empty or names none there is (an unplugged monitor must not leave the show with no
/// window).
pub(super) fn pick(mut all: Vec<MonitorPlace>, chosen: &[usize]) -> Vec<MonitorPlace> {
    all.sort_by_key(|place| (place.position.0, place.position.1));
    let picked: Vec<MonitorPlace> = all
        .iter()
        .enumerate()
        .filter(|(number, _)| chosen.contains(number))
        .map(|(_, place)| place.clone())
        .collect();
    if picked.is_empty() { all } else { picked }
}

/// winit's handle of the monitor at `place`, if it knows it (it may not yet, for one just
/// plugged in).
pub(super) fn handle_of(
    event_loop: &ActiveEventLoop,
    place: &MonitorPlace,
) -> Option<MonitorHandle> {
    event_loop
        .available_monitors()
        .find(|monitor| place_of(monitor) == *place)
}

/// `attributes` for a borderless window covering the monitor at `place`: placed and sized
/// from it (which is all a display with no window manager does), and fullscreen asked for as
/// well on winit's `handle` of it, for the window managers there are.
pub(super) fn covering(
    attributes: WindowAttributes,
    place: &MonitorPlace,
    handle: Option<MonitorHandle>,
) -> WindowAttributes {
    let attributes = attributes
        .with_decorations(false)
        .with_position(PhysicalPosition::new(place.position.0, place.position.1))
        .with_inner_size(PhysicalSize::new(place.size.0, place.size.1));
    match handle {
        Some(handle) => attributes.with_fullscreen(Some(Fullscreen::Borderless(Some(handle)))),
        None => attributes,
    }
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
    fn monitors_are_numbered_left_to_right() {
        let all = vec![place("B", 1280, 800), place("A", 0, 1280)];
        assert_eq!(pick(all.clone(), &[0]), vec![place("A", 0, 1280)]);
        assert_eq!(pick(all.clone(), &[1]), vec![place("B", 1280, 800)]);
        // None of those asked for is there: every monitor rather than none.
        assert_eq!(pick(all, &[5]).len(), 2);
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
