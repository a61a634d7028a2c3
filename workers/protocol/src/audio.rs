//! The latest audio analysis, shared by the audio worker with the UI.
//!
//! One record, not a queue: the visualizer only ever wants the newest spectrum. The record is
//! written and read under the same [`SeqLock`] as a frame slot. The writer never waits; a
//! reader copies the record out and checks the sequence, and if it moved (or was odd) it drops
//! the copy and tries again next frame.
//! Every field is an atomic (floats stored as their bits), so a torn read is merely stale data,
//! never undefined behaviour.
#![allow(unsafe_code)] // reason: the record is shared with another process; see SAFETY notes.

use std::os::fd::RawFd;
use std::process::Command;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::error::SegmentError;
use crate::seqlock::SeqLock;
use crate::shm::SharedMapping;

/// The most spectrum bars the record holds (log-spaced, low to high); a worker uses the first
/// `bar_count`.
pub const BANDS: usize = 128;
/// Waveform samples the record holds (the most recent).
pub const WAVEFORM: usize = 512;
const MAGIC: u64 = u64::from_be_bytes(*b"FWAUDIO1");
const LAYOUT_VERSION: u32 = 2;

/// One band's loudness, as projectM gives it to its presets.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Level {
    /// Mean squared magnitude over the band's bins.
    pub energy: f32,
    /// `energy` over the song's long-term average (1.0 is "as usual", 2.0 twice as loud).
    pub relative: f32,
    pub energy_smoothed: f32,
    pub relative_smoothed: f32,
}

/// Bass (20-250 Hz), mid (250 Hz-4 kHz) and treble (4-16 kHz).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Levels {
    pub bass: Level,
    pub mid: Level,
    pub treble: Level,
}

/// One analysis of the most recent audio.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioFrame {
    /// `CLOCK_MONOTONIC` time, in nanoseconds, at which the newest sample analysed was heard
    /// (captured, or played): the same clock in every process of the machine.
    pub captured_at_ns: u64,
    pub sample_rate: u32,
    /// Bars in use at the start of `bars`.
    pub bar_count: u32,
    /// Smoothed bar heights, 0..1 (cava's smoothing and autosens).
    pub bars: [f32; BANDS],
    /// The newest samples, -1..1.
    pub waveform: [f32; WAVEFORM],
    /// Root-mean-square level of the newest samples, 0..1.
    pub rms: f32,
    pub levels: Levels,
    /// 1 on an onset, decaying over about 0.2 s.
    pub onset: f32,
    /// Onsets detected since the worker started: a reader sees a new one when it grows.
    pub onsets: u64,
    /// Tempo in beats a minute; 0 while unknown.
    pub bpm: f32,
    /// How sure the tempo is, 0..1.
    pub bpm_confidence: f32,
    /// How far into the current beat `captured_at_ns` is, 0..1 (0 is on the beat).
    pub beat_phase: f32,
    /// Nothing but silence lately: the bars are at rest and the worker is idle.
    pub silent: bool,
}

impl Default for AudioFrame {
    fn default() -> Self {
        Self {
            captured_at_ns: 0,
            sample_rate: 0,
            bar_count: 0,
            bars: [0.0; BANDS],
            waveform: [0.0; WAVEFORM],
            rms: 0.0,
            levels: Levels::default(),
            onset: 0.0,
            onsets: 0,
            bpm: 0.0,
            bpm_confidence: 0.0,
            beat_phase: 0.0,
            silent: true,
        }
    }
}

impl AudioFrame {
    /// The bars in use.
    pub fn bars(&self) -> &[f32] {
        &self.bars[..(self.bar_count as usize).min(BANDS)]
    }

    /// The scalar figures, in the record's order.
    fn scalars(&self) -> [f32; SCALARS] {
        let l = &self.levels;
        let level = |b: &Level| [b.energy, b.relative, b.energy_smoothed, b.relative_smoothed];
        let [b0, b1, b2, b3] = level(&l.bass);
        let [m0, m1, m2, m3] = level(&l.mid);
        let [t0, t1, t2, t3] = level(&l.treble);
        [
            self.rms,
            self.onset,
            self.bpm,
            self.bpm_confidence,
            self.beat_phase,
            b0,
            b1,
            b2,
            b3,
            m0,
            m1,
            m2,
            m3,
            t0,
            t1,
            t2,
            t3,
        ]
    }

    fn set_scalars(&mut self, s: [f32; SCALARS]) {
        let level = |i: usize| Level {
            energy: s[i],
            relative: s[i + 1],
            energy_smoothed: s[i + 2],
            relative_smoothed: s[i + 3],
        };
        self.rms = s[0];
        self.onset = s[1];
        self.bpm = s[2];
        self.bpm_confidence = s[3];
        self.beat_phase = s[4];
        self.levels = Levels {
            bass: level(5),
            mid: level(9),
            treble: level(13),
        };
    }
}

const SCALARS: usize = 17;

#[repr(C)]
struct Record {
    magic: AtomicU64,
    layout_version: AtomicU32,
    _pad: AtomicU32,
    seq: AtomicU64,
    captured_at_ns: AtomicU64,
    onsets: AtomicU64,
    sample_rate: AtomicU32,
    bar_count: AtomicU32,
    silent: AtomicU32,
    scalars: [AtomicU32; SCALARS],
    bars: [AtomicU32; BANDS],
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

    /// Publishes `frame` as the latest analysis. Never waits; false if another writer is inside
    /// the record (there is only ever one, so only a bug or a dead writer's record does that).
    pub fn publish(&self, frame: &AudioFrame) -> bool {
        let record = self.record();
        let lock = SeqLock::new(&record.seq);
        let Ok(claimed) = lock.claim() else {
            return false;
        };
        record
            .captured_at_ns
            .store(frame.captured_at_ns, Ordering::Relaxed);
        record.onsets.store(frame.onsets, Ordering::Relaxed);
        record
            .sample_rate
            .store(frame.sample_rate, Ordering::Relaxed);
        record.bar_count.store(frame.bar_count, Ordering::Relaxed);
        record
            .silent
            .store(u32::from(frame.silent), Ordering::Relaxed);
        store_all(&record.scalars, &frame.scalars());
        store_all(&record.bars, &frame.bars);
        store_all(&record.waveform, &frame.waveform);
        lock.publish(claimed);
        true
    }

    /// Copies out the latest analysis and its sequence number.
    pub fn read(&self) -> Result<(u64, AudioFrame), AudioReadError> {
        if !self.header_ok() {
            return Err(AudioReadError::BadHeader);
        }
        let record = self.record();
        let lock = SeqLock::new(&record.seq);
        let before = lock.begin_read().map_err(|_| AudioReadError::Torn)?;
        if before == 0 {
            return Err(AudioReadError::Empty);
        }
        let mut frame = AudioFrame {
            captured_at_ns: record.captured_at_ns.load(Ordering::Relaxed),
            onsets: record.onsets.load(Ordering::Relaxed),
            sample_rate: record.sample_rate.load(Ordering::Relaxed),
            // Another process wrote it: never trusted to be in range.
            bar_count: record.bar_count.load(Ordering::Relaxed).min(BANDS as u32),
            silent: record.silent.load(Ordering::Relaxed) != 0,
            ..AudioFrame::default()
        };
        let mut scalars = [0.0; SCALARS];
        load_all(&record.scalars, &mut scalars);
        frame.set_scalars(scalars);
        load_all(&record.bars, &mut frame.bars);
        load_all(&record.waveform, &mut frame.waveform);
        if !lock.unchanged_since(before) {
            return Err(AudioReadError::Torn);
        }
        Ok((before, frame))
    }
}

fn store_all(slots: &[AtomicU32], values: &[f32]) {
    for (slot, value) in slots.iter().zip(values) {
        slot.store(value.to_bits(), Ordering::Relaxed);
    }
}

fn load_all(slots: &[AtomicU32], values: &mut [f32]) {
    for (value, slot) in values.iter_mut().zip(slots) {
        *value = f32::from_bits(slot.load(Ordering::Relaxed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(level: f32) -> AudioFrame {
        let band = Level {
            energy: level,
            relative: level,
            energy_smoothed: level,
            relative_smoothed: level,
        };
        AudioFrame {
            captured_at_ns: (level * 1000.0) as u64,
            sample_rate: 48_000,
            bar_count: 64,
            bars: [level; BANDS],
            waveform: [level; WAVEFORM],
            rms: level,
            levels: Levels {
                bass: band,
                mid: band,
                treble: band,
            },
            onset: level,
            onsets: (level * 100.0) as u64,
            bpm: level,
            bpm_confidence: level,
            beat_phase: level,
            silent: level > 0.5,
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
                    read.bars
                        .iter()
                        .chain(&read.waveform)
                        .chain(&read.scalars())
                        .all(|v| *v == read.rms)
                );
                assert_eq!(read.onsets, (read.rms * 100.0) as u64);
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
