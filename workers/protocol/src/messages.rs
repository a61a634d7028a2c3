//! Typed control messages between the UI process and its workers.
//!
//! Messages are small and immutable; pixels never travel here, only the slot that holds them.
//! Every message type is versioned through [`PROTOCOL_VERSION`], checked once at bootstrap.

use std::path::PathBuf;

use ipc_channel::ipc::{IpcReceiver, IpcSender};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message or the segment layout changes incompatibly.
pub const PROTOCOL_VERSION: u32 = 3;

/// The first message a worker of any kind sends, through the one-shot server named on its
/// command line. `C` is what the kind's worker is told, `E` what it reports.
#[derive(Debug, Serialize, Deserialize)]
pub enum Bootstrap<C, E> {
    /// The worker is set up and ready: here are its two channel ends.
    Hello {
        protocol: u32,
        pid: u32,
        commands: IpcSender<Control<C>>,
        events: IpcReceiver<Report<E>>,
    },
    /// Sent by the supervisor itself to release a server whose worker died before saying hello.
    Abandoned,
}

/// What the supervisor tells a worker of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Control<C> {
    /// Work or settings for this kind of worker.
    Command(C),
    /// Finish the current job, then exit cleanly.
    Shutdown,
}

/// What a worker of any kind tells the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Report<E> {
    /// Proof of life, sent on a fixed period whatever the worker is doing.
    Heartbeat(Heartbeat),
    /// The kind's own reply or event.
    Event(E),
}

/// How a photo is fitted into the display rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Fit {
    /// Scale to cover the whole rectangle, cropping what overflows (centred).
    #[default]
    Fill,
    /// Show the whole photo, centred, over a blurred and darkened copy of itself that covers
    /// the rest of the rectangle (no black bars).
    Fit,
    /// Like `Fit`, but never enlarge a photo smaller than the rectangle.
    FitNoUpscale,
}

/// Decode `path`, prescale it to `width`×`height` and write it into `slot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodeRequest {
    pub request_id: u64,
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    pub fit: Fit,
    pub slot: u32,
}

/// Settings the UI gives a worker right after its handshake (and again if they change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerConfig {
    /// Photos with more pixels than this are refused before they are decoded.
    pub max_source_pixels: u64,
    /// The only folders a worker may read photos from (symbolic links are followed, and a
    /// file whose real path is outside them is refused). Empty: no restriction, for tools
    /// given one file by the user.
    pub source_roots: Vec<PathBuf>,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            max_source_pixels: 200_000_000,
            source_roots: Vec::new(),
        }
    }
}

/// The commands of a decode worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecodeCommand {
    Configure(WorkerConfig),
    Decode(DecodeRequest),
}

/// A frame is stable in `slot`, written under sequence number `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameReady {
    pub request_id: u64,
    pub slot: u32,
    pub seq: u64,
}

/// Proof of life with counters of the jobs served (for a worker without jobs, they stay 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Heartbeat {
    pub beat: u64,
    pub jobs_done: u64,
    pub jobs_failed: u64,
}

/// The replies of a decode worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecodeReply {
    Ready(FrameReady),
    /// The request could not be served; the photo is at fault, not the worker.
    Failed {
        request_id: u64,
        path: PathBuf,
        reason: String,
    },
}

/// Where the audio worker takes its sound from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AudioSource {
    /// What the computer is playing (the default output's monitor on Linux, loopback
    /// elsewhere); failing that, the bundled clip. Never a microphone unless one is chosen.
    #[default]
    Auto,
    /// What the computer is playing, and nothing else.
    Playing,
    /// The input device of this name (as `framewave audio-devices` lists it).
    Device(String),
    /// A music file, played aloud through the default output when there is one.
    File(PathBuf),
    /// The bundled clip, analysed silently.
    Clip,
}

/// cava's smoothing knobs (see framewave-audio's `smoothing`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SmoothingConfig {
    /// 0..1: how much the integral filter and gravity smooth (cava's `noise_reduction`).
    pub noise_reduction: f32,
    /// Fall-off speed, 1.0 as cava.
    pub gravity: f32,
    /// 0 off; otherwise how far a bar pulls its neighbours up (cava's monstercat).
    pub monstercat: f32,
    /// Follow the music's loudness so the bars use their height.
    pub autosens: bool,
    /// Height multiplier on top of autosens (1.0: as is).
    pub sensitivity: f32,
}

impl Default for SmoothingConfig {
    fn default() -> Self {
        Self {
            noise_reduction: 0.77,
            gravity: 1.0,
            monstercat: 0.0,
            autosens: true,
            sensitivity: 1.0,
        }
    }
}

/// Everything the audio worker is told; sent after the handshake and whenever it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioConfig {
    pub source: AudioSource,
    /// Samples in each spectrum, a power of two (2048 at 48 kHz is 43 ms).
    pub fft_size: u32,
    pub bars: u32,
    pub low_hz: f32,
    pub high_hz: f32,
    pub smoothing: SmoothingConfig,
    /// Delays what is published by this much, to meet a picture that comes out late elsewhere
    /// (Bluetooth speakers, a slow television). 0..=500.
    pub latency_offset_ms: u32,
}

impl Default for AudioConfig {
    fn default() -> Self {
        Self {
            source: AudioSource::Auto,
            fft_size: 2048,
            bars: 64,
            low_hz: 20.0,
            high_hz: 16_000.0,
            smoothing: SmoothingConfig::default(),
            latency_offset_ms: 0,
        }
    }
}

/// The commands of the audio worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AudioCommand {
    Configure(AudioConfig),
}

/// What the audio worker reports (besides its heartbeats).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AudioEvent {
    /// Now listening to this (a device's name, a file, the bundled clip), at this rate.
    Listening { source: String, sample_rate: u32 },
    /// Something went wrong that the worker got past (a device vanished and was re-bound, a
    /// file could not be read and the clip is used instead): one clear line for the user.
    Problem(String),
    /// The music file has played to its end; the bars fall to rest.
    Ended { path: PathBuf },
}

/// A decode worker's whole vocabulary, for both ends.
pub type ToDecodeWorker = Control<DecodeCommand>;
pub type FromDecodeWorker = Report<DecodeReply>;
pub type DecodeBootstrap = Bootstrap<DecodeCommand, DecodeReply>;
