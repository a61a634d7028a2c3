//! framewave's audio analysis, free of any window or device: a Hann-windowed FFT of the
//! newest samples (`spectrum.rs`), log-spaced bars (`bars.rs`) smoothed as cava does
//! (`smoothing.rs`), bass, mid and treble as projectM gives them (`levels.rs`), onsets by
//! spectral flux with an adaptive threshold (`onsets.rs`), tempo and beats from the onsets
//! (`tempo.rs`), the whole of a file analysed offline (`offline.rs`), and music files read to
//! samples (`file.rs`).

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
pub mod worker;
