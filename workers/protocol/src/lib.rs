//! framewave's process boundary.
//!
//! Everything that crosses between the UI process and its workers is defined here:
//! - [`segment`]: a shared-memory segment of sequence-numbered frame slots (big data);
//! - [`messages`]: the typed, versioned control messages sent over ipc-channel (small data).
//!
//! This is the only crate of the workspace that contains `unsafe`: mapping memory that another
//! process writes. Every such block carries a `// SAFETY:` comment.

pub mod audio;
pub mod descriptor;
mod error;
mod layout;
pub mod lifecycle;
pub mod messages;
pub mod segment;
mod shm;

pub use audio::{AudioFrame, AudioReadError, AudioSegment};
pub use descriptor::{DescriptorError, FrameDescriptor, PixelFormat, ValidFrame};
pub use messages::{
    Bootstrap, DecodeRequest, Fit, FrameReady, FromWorker, Heartbeat, PROTOCOL_VERSION, ToWorker,
    WorkerConfig,
};
pub use segment::{FrameSegment, SegmentError, SlotRead, SlotWrite};
