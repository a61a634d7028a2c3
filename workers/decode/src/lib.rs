//! framewave's decode worker: turns a photo file into display-ready pixels.
//!
//! [`load`] decodes and orients, [`prescale`] fits the result to a display rectangle straight
//! into caller-provided memory (a shared-memory slot), and [`worker`] is the process that serves
//! decode requests from the UI. Nothing here knows about windows or GPUs.

mod confine;
mod error;
pub mod faults;
mod heif;
pub mod limits;
pub mod load;
pub mod prescale;
pub mod worker;

pub use error::LoadError;
pub use load::{Target, load_bytes_for_target, load_for_target, load_oriented};
pub use prescale::{PrescaleError, prescale_into};
