//! What the session says about its rung: the one WARN line each change is announced with, kept
//! for the status and told to the UI's parent (which restarts a crashed UI a rung lower).

use super::ui_parent;
use crate::rung::Rung;

thread_local! {
    /// What the render thread last said about its rung, for the status it shows.
    static SAID: std::cell::RefCell<Option<std::rc::Rc<str>>> = const { std::cell::RefCell::new(None) };
}

/// Says, once, at WARN, which rung the session now draws on and why; tells the UI's parent
/// (which restarts a crashed UI a rung lower) and keeps it for the status ([`said`]).
pub fn announce(rung: Rung, reason: &str) {
    let line = format!("rendering on the {} rung: {reason}", rung.name());
    tracing::warn!("{line}");
    ui_parent::record_rung(rung);
    SAID.with(|said| *said.borrow_mut() = Some(line.into()));
}

/// The last rung this thread announced, and why ("rendering on the ... rung: ..."); `None`
/// if it never had to (the shader rung, as asked for by nobody).
pub fn said() -> Option<std::rc::Rc<str>> {
    SAID.with(|said| said.borrow().clone())
}

/// Why a rung was forced: `--rung`, or a restart after the UI before this one crashed.
pub fn forced_reason() -> String {
    match ui_parent::restarted_after() {
        Some(why) => format!("restarted on it after {why}"),
        None => "asked for with --rung".to_owned(),
    }
}
