//! framewave's audio: analysis free of any window or device, and the audio worker around it.
//!
//! Analysis: a Hann-windowed FFT of the newest samples (`spectrum.rs`), log-spaced bars
//! (`bars.rs`) smoothed as cava does (`smoothing.rs`), bass, mid and treble as projectM gives
//! them (`levels.rs`), onsets by spectral flux with an adaptive threshold (`onsets.rs`), tempo
//! and beats from the onsets (`tempo.rs`), the whole of a file analysed offline (`offline.rs`),
//! and the same analysis run on sound as it arrives, a frame every 10 ms (`live.rs`).
//!
//! Sound: music files read to samples (`file.rs`), the bundled clip synthesised in code
//! (`clip.rs`), and the sources the worker listens to — what is playing, a device, a file
//! played aloud, the clip — each delivering stamped chunks through a bounded queue
//! (`source/`); the devices there are (`devices.rs`).
//!
//! The worker: the process and its command loop (`worker.rs`), the analysis thread that binds
//! the source, retries it and reports on it (`listener.rs`), frames into the shared record
//! after the latency offset (`publish.rs`), ALSA kept off stderr (`quiet.rs`), and deliberate
//! faults for tests (`faults.rs`).

pub mod bars;
pub mod clip;
pub mod devices;
pub mod faults;
pub mod file;
pub mod levels;
mod listener;
pub mod live;
pub mod offline;
pub mod onsets;
mod publish;
mod quiet;
pub mod smoothing;
pub mod source;
pub mod spectrum;
pub mod tempo;
#[cfg(test)]
mod test_signals;
pub mod worker;
