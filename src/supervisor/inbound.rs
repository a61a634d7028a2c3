//! What a pool hears from its threads (a worker's event reader, its handshake), tagged with
//! the incarnation it is from.

use std::time::Instant;

use framewave_protocol::{Control, Report};
use ipc_channel::ipc::{IpcReceiver, IpcSender};

use super::WorkerKind;

/// A worker that has said hello.
#[derive(Debug)]
pub struct Hello<K: WorkerKind> {
    pub pid: u32,
    pub commands: IpcSender<Control<K::Command>>,
    pub events: IpcReceiver<Report<K::Event>>,
}

/// Who a message is from: a worker slot and its incarnation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct From {
    pub worker: usize,
    pub generation: u64,
}

/// A message for the pool from one of its threads (a worker's reader, or its handshake).
#[derive(Debug)]
pub struct Inbound<K: WorkerKind> {
    pub(super) from: From,
    /// When it was received, so time the client's thread spent elsewhere is not held against
    /// the worker.
    pub(super) received_at: Instant,
    pub(super) message: Message<K>,
}

#[derive(Debug)]
pub enum Message<K: WorkerKind> {
    Hello(Result<Hello<K>, String>),
    Report(Report<K::Event>),
    /// The worker's end of its event channel closed: it exited, or is exiting.
    Closed,
    /// It sent something that is not a message of its kind.
    Garbage(String),
}

impl<K: WorkerKind> Inbound<K> {
    pub fn new(from: From, message: Message<K>) -> Self {
        Self {
            from,
            received_at: Instant::now(),
            message,
        }
    }
}
