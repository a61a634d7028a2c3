//! Typed control messages between the UI process and its workers.
//!
//! Messages are small and immutable; pixels never travel here, only the slot that holds them.
//! Every message type is versioned through [`PROTOCOL_VERSION`], checked once at bootstrap.

use std::path::PathBuf;

use ipc_channel::ipc::{IpcReceiver, IpcSender};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message or the segment layout changes incompatibly.
pub const PROTOCOL_VERSION: u32 = 2;

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

/// A decode worker's whole vocabulary, for both ends.
pub type ToDecodeWorker = Control<DecodeCommand>;
pub type FromDecodeWorker = Report<DecodeReply>;
pub type DecodeBootstrap = Bootstrap<DecodeCommand, DecodeReply>;
