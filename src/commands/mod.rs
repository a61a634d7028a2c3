//! One module per mode of the executable.

pub mod prescale;
pub mod render;
pub mod show;
pub mod soak;
pub mod worker;
