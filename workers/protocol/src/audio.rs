//! The latest audio analysis, shared by the audio worker with the UI.
//!
//! One record, not a queue: the visualizer only ever wants the newest spectrum. The record is a
//! seqlock like a frame slot. The writer never waits; a reader copies the record out and checks
//! the sequence, and if it moved (or was odd) it drops the copy and tries again next frame.
//! Every field is an atomic (floats stored as their bits), so a torn read is merely stale data,
//! never undefined behaviour.
#![allow(unsafe_code)] // reason: the record is shared with another process; see SAFETY notes.

use std::os::fd::RawFd;
use std::process::Command;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering, fence};

use crate::error::SegmentError;
use crate::shm::SharedMapping;

/// Spectrum bands the worker reports (log-spaced, low to high).
pub const BANDS: usize = 64;
/// Waveform samples the worker reports (the most recent, decimated).
pub const WAVEFORM: usize = 512;
const MAGIC: u64 = u64::from_be_bytes(*b"FWAUDIO1");
const LAYOUT_VERSION: u32 = 1;

/// One analysis of the most recent audio.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioFrame {
    /// Monotonic capture time of the newest sample, in nanoseconds (worker's clock).
    pub captured_at_ns: u64,
    /// Band magnitudes, 0..1.
    pub bands: [f32; BANDS],
    /// Samples, -1..1.
    pub waveform: [f32; WAVEFORM],
    /// Root-mean-square level, 0..1.
    pub rms: f32,
    /// Beat strength, 0..1 (1 on a detected onset, decaying).
    pub beat: f32,
}

impl Default for AudioFrame {
    fn default() -> Self {
        Self {
            captured_at_ns: 0,
            bands: [0.0; BANDS],
            waveform: [0.0; WAVEFORM],
            rms: 0.0,
            beat: 0.0,
        }
    }
}

#[repr(C)]
struct Record {
    magic: AtomicU64,
    layout_version: AtomicU32,
    _pad: AtomicU32,
    seq: AtomicU64,
    captured_at_ns: AtomicU64,
    rms: AtomicU32,
    beat: AtomicU32,
    bands: [AtomicU32; BANDS],
    waveform: [AtomicU32; WAVEFORM],
}

/// Why a read produced nothing this time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioReadError {
    /// Nothing has been published yet.
    Empty,
    /// The writer was inside the record: try again next frame.
    Torn,
    /// The header is not what this build expects.
    BadHeader,
}

/// The shared audio record; the UI creates it, the audio worker writes it.
#[derive(Debug)]
pub struct AudioSegment {
    memory: SharedMapping,
}

impl AudioSegment {
    pub fn create() -> Result<Self, SegmentError> {
        let segment = Self {
            memory: SharedMapping::create("framewave-audio", size_of::<Record>())?,
        };
        let record = segment.record();
        record.magic.store(MAGIC, Ordering::Relaxed);
        record
            .layout_version
            .store(LAYOUT_VERSION, Ordering::Release);
        Ok(segment)
    }

    pub fn attach_inherited(raw_fd: RawFd) -> Result<Self, SegmentError> {
        Self::attach(SharedMapping::attach_inherited(raw_fd)?)
    }

    /// An independent mapping of the same record, as a worker would have; for in-process tests.
    pub fn try_clone(&self) -> Result<Self, SegmentError> {
        Self::attach(self.memory.try_clone()?)
    }

    fn attach(memory: SharedMapping) -> Result<Self, SegmentError> {
        if memory.len() < size_of::<Record>() {
            return Err(SegmentError::Header(format!(
                "audio segment of {} bytes",
                memory.len()
            )));
        }
        let segment = Self { memory };
        if !segment.header_ok() {
            return Err(SegmentError::Header(
                "not an audio segment of this layout".into(),
            ));
        }
        Ok(segment)
    }

    pub fn pass_to_child(
        &self,
        command: &mut Command,
        child_fd: RawFd,
    ) -> Result<(), SegmentError> {
        self.memory.pass_to_child(command, child_fd)
    }

    fn record(&self) -> &Record {
        // SAFETY: the mapping is page-aligned and at least size_of::<Record>() long (checked on
        // create and attach); Record is repr(C) of atomics, valid for any bit pattern and only
        // ever accessed atomically.
        unsafe { self.memory.shared_at(0) }
    }

    fn header_ok(&self) -> bool {
        let record = self.record();
        record.magic.load(Ordering::Acquire) == MAGIC
            && record.layout_version.load(Ordering::Acquire) == LAYOUT_VERSION
    }

    /// Publishes `frame` as the latest analysis. Never waits.
    pub fn publish(&self, frame: &AudioFrame) {
        let record = self.record();
        let seq = record.seq.load(Ordering::Relaxed);
        // Odd while writing, even when stable (a single writer owns the record).
        let odd = seq | 1;
        record.seq.store(odd, Ordering::Relaxed);
        fence(Ordering::Release);
        record
            .captured_at_ns
            .store(frame.captured_at_ns, Ordering::Relaxed);
        record.rms.store(frame.rms.to_bits(), Ordering::Relaxed);
        record.beat.store(frame.beat.to_bits(), Ordering::Relaxed);
        for (slot, value) in record.bands.iter().zip(&frame.bands) {
            slot.store(value.to_bits(), Ordering::Relaxed);
        }
        for (slot, value) in record.waveform.iter().zip(&frame.waveform) {
            slot.store(value.to_bits(), Ordering::Relaxed);
        }
        record.seq.store(odd + 1, Ordering::Release);
    }

    /// Copies out the latest analysis and its sequence number.
    pub fn read(&self) -> Result<(u64, AudioFrame), AudioReadError> {
        if !self.header_ok() {
            return Err(AudioReadError::BadHeader);
        }
        let record = self.record();
        let before = record.seq.load(Ordering::Acquire);
        if before == 0 {
            return Err(AudioReadError::Empty);
        }
        if !before.is_multiple_of(2) {
            return Err(AudioReadError::Torn);
        }
        let load = |bits: &AtomicU32| f32::from_bits(bits.load(Ordering::Relaxed));
        let mut frame = AudioFrame {
            captured_at_ns: record.captured_at_ns.load(Ordering::Relaxed),
            rms: load(&record.rms),
            beat: load(&record.beat),
            ..AudioFrame::default()
        };
        for (value, slot) in frame.bands.iter_mut().zip(&record.bands) {
            *value = load(slot);
        }
        for (value, slot) in frame.waveform.iter_mut().zip(&record.waveform) {
            *value = load(slot);
        }
        fence(Ordering::Acquire);
        if record.seq.load(Ordering::Relaxed) != before {
            return Err(AudioReadError::Torn);
        }
        Ok((before, frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(level: f32) -> AudioFrame {
        AudioFrame {
            captured_at_ns: (level * 1000.0) as u64,
            bands: [level; BANDS],
            waveform: [level; WAVEFORM],
            rms: level,
            beat: level,
        }
    }

    #[test]
    fn the_latest_published_frame_is_read_with_a_newer_sequence() {
        let ui = AudioSegment::create().unwrap();
        assert_eq!(ui.read(), Err(AudioReadError::Empty));
        let worker = ui.try_clone().unwrap();
        worker.publish(&frame(0.25));
        let (first, read) = ui.read().unwrap();
        assert_eq!(read, frame(0.25));
        worker.publish(&frame(0.5));
        worker.publish(&frame(0.75));
        let (latest, read) = ui.read().unwrap();
        assert_eq!(read, frame(0.75), "latest value wins; nothing queues");
        assert!(latest > first);
    }

    #[test]
    fn a_reader_racing_a_writer_never_sees_a_mixed_frame() {
        let ui = AudioSegment::create().unwrap();
        let worker = ui.try_clone().unwrap();
        let writer = std::thread::Builder::new()
            .name("audio-writer".into())
            .spawn(move || {
                for i in 0..20_000 {
                    worker.publish(&frame((i % 100) as f32 / 100.0));
                }
            })
            .unwrap();
        while !writer.is_finished() {
            if let Ok((_, read)) = ui.read() {
                // Every field of one frame carries the same level.
                assert!(
                    read.bands
                        .iter()
                        .chain(&read.waveform)
                        .all(|v| *v == read.rms)
                );
            }
        }
        writer.join().unwrap();
        let (_, last) = ui.read().unwrap();
        assert_eq!(
            last,
            frame(0.99),
            "the last frame published is the one left"
        );
    }

    #[test]
    fn a_damaged_header_is_refused() {
        let ui = AudioSegment::create().unwrap();
        ui.record().layout_version.store(99, Ordering::Release);
        assert_eq!(ui.read(), Err(AudioReadError::BadHeader));
        assert!(ui.try_clone().is_err());
    }
}
