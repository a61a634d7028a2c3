//! One function per tab of the panel, each drawing its controls over the settings draft.

mod music;
mod overlays;
mod performance;
mod photos;
mod status;
mod transitions;

pub use music::music;
pub use overlays::overlays;
pub use performance::performance;
pub use photos::{display, photos};
pub use status::status;
pub use transitions::transitions;
