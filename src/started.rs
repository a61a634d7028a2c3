//! When this process started, as near as it can tell, for the figures measured from it (the
//! first frame, the first photo).

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// The instant of the first call; `main` makes it first thing.
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}
