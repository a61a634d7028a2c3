//! framewave's process boundary.
//!
//! Everything that crosses between the UI process and its workers is defined here:
//! - [`segment`]: a shared-memory segment of sequence-numbered frame slots (big data);
//! - [`audio`]: the latest audio analysis, one record;
//! - [`seqlock`]: the one protocol by which both are written and read;
//! - [`messages`]: the typed, versioned control messages sent over ipc-channel (small data).
//!
//! This is the only crate of the workspace that contains `unsafe`: mapping memory that another
//! process writes. Every such block carries a `// SAFETY:` comment.

pub mod audio;
pub mod descriptor;
pub mod endpoint;
mod error;
mod layout;
pub mod lifecycle;
pub mod messages;
pub mod segment;
pub mod seqlock;
mod shm;

pub use audio::{AudioFrame, AudioReadError, AudioSegment, Level, Levels};
pub use descriptor::{DescriptorError, FrameDescriptor, PixelFormat, ValidFrame};
pub use endpoint::{HEARTBEAT_PERIOD, JobCounters, WorkerEndpoint};
pub use messages::{
    AudioCommand, AudioConfig, AudioEvent, AudioSource, Bootstrap, Control, DecodeBootstrap,
    DecodeCommand, DecodeReply, DecodeRequest, Fit, FrameReady, FromDecodeWorker, Heartbeat,
    PROTOCOL_VERSION, Report, SmoothingConfig, ToDecodeWorker, WorkerConfig,
};
pub use segment::{FrameSegment, SegmentError, SlotRead, SlotWrite};
