//! Typed control messages between the UI process and its workers.
//!
//! Messages are small and immutable; pixels never travel here, only the slot that holds them.
//! Every message type is versioned through [`PROTOCOL_VERSION`], checked once at bootstrap.

use std::path::PathBuf;

use ipc_channel::ipc::{IpcReceiver, IpcSender};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message or the segment layout changes incompatibly.
pub const PROTOCOL_VERSION: u32 = 1;

/// The first message a worker sends, through the one-shot server named on its command line.
#[derive(Debug, Serialize, Deserialize)]
pub enum Bootstrap {
    /// The worker is attached to its segment and ready: here are its two channel ends.
    Hello {
        protocol: u32,
        pid: u32,
        commands: IpcSender<ToWorker>,
        events: IpcReceiver<FromWorker>,
    },
    /// Sent by the supervisor itself to release a server whose worker died before saying hello.
    Abandoned,
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
    pub heartbeat_period_ms: u32,
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
            heartbeat_period_ms: 250,
            max_source_pixels: 200_000_000,
            source_roots: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToWorker {
    Configure(WorkerConfig),
    Decode(DecodeRequest),
    /// Finish the current job, then exit cleanly.
    Shutdown,
}

/// A frame is stable in `slot`, written under sequence number `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameReady {
    pub request_id: u64,
    pub slot: u32,
    pub seq: u64,
}

/// Proof of life with counters, sent on a fixed period whatever the worker is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Heartbeat {
    pub beat: u64,
    pub jobs_done: u64,
    pub jobs_failed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FromWorker {
    Ready(FrameReady),
    /// The request could not be served; the photo is at fault, not the worker.
    Failed {
        request_id: u64,
        path: PathBuf,
        reason: String,
    },
    Heartbeat(Heartbeat),
}
