//! The decode worker process: serves decode requests into shared-memory slots.
//!
//! Started by the UI as `framewave worker decode ...`. It attaches the inherited frame segment,
//! says hello through the bootstrap server, then answers requests one at a time while a separate
//! thread sends heartbeats. It exits when told to, or when the UI disappears.

use std::os::fd::RawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use framewave_protocol::{
    Bootstrap, DecodeRequest, FrameReady, FrameSegment, FromWorker, Heartbeat, PROTOCOL_VERSION,
    SegmentError, ToWorker,
};
use ipc_channel::ipc::{self, IpcSender};

use crate::{load_oriented, prescale_into};

/// How often a worker proves it is alive, whatever it is doing.
pub const HEARTBEAT_PERIOD: Duration = Duration::from_millis(250);

#[derive(Debug, Clone)]
pub struct WorkerArgs {
    /// Name of the UI's one-shot bootstrap server.
    pub bootstrap: String,
    /// Descriptor number at which the frame segment was inherited.
    pub segment_fd: RawFd,
    /// Process id of the UI, which this worker must not outlive.
    pub parent_pid: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot attach the frame segment: {0}")]
    Segment(#[from] SegmentError),
    #[error("control channel: {0}")]
    Channel(String),
    #[error("cannot follow the parent's lifetime: {0}")]
    Parent(#[from] std::io::Error),
}

#[derive(Debug, Default)]
struct Counters {
    done: AtomicU64,
    failed: AtomicU64,
}

/// Runs the worker until shutdown or until the UI goes away.
pub fn run(args: &WorkerArgs) -> Result<(), WorkerError> {
    framewave_protocol::lifecycle::die_with_parent(args.parent_pid)?;
    let segment = FrameSegment::attach_inherited(args.segment_fd)?;
    let channel_err = |e: &dyn std::fmt::Display| WorkerError::Channel(e.to_string());
    let bootstrap =
        IpcSender::<Bootstrap>::connect(args.bootstrap.clone()).map_err(|e| channel_err(&e))?;
    let (commands_tx, commands) = ipc::channel::<ToWorker>().map_err(|e| channel_err(&e))?;
    let (events, events_rx) = ipc::channel::<FromWorker>().map_err(|e| channel_err(&e))?;
    bootstrap
        .send(Bootstrap::Hello {
            protocol: PROTOCOL_VERSION,
            pid: std::process::id(),
            commands: commands_tx,
            events: events_rx,
        })
        .map_err(|e| channel_err(&e))?;

    let counters = Arc::new(Counters::default());
    spawn_heartbeat(events.clone(), Arc::clone(&counters));
    // A closed command channel means the UI is gone: exit quietly.
    while let Ok(command) = commands.recv() {
        match command {
            ToWorker::Decode(request) => {
                let reply = serve(&segment, &request);
                let counter = match reply {
                    FromWorker::Ready(_) => &counters.done,
                    _ => &counters.failed,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                if events.send(reply).is_err() {
                    break;
                }
            }
            ToWorker::Shutdown => break,
        }
    }
    Ok(())
}

fn spawn_heartbeat(events: IpcSender<FromWorker>, counters: Arc<Counters>) {
    std::thread::Builder::new()
        .name("heartbeat".into())
        .spawn(move || {
            for beat in 0.. {
                let heartbeat = Heartbeat {
                    beat,
                    jobs_done: counters.done.load(Ordering::Relaxed),
                    jobs_failed: counters.failed.load(Ordering::Relaxed),
                };
                if events.send(FromWorker::Heartbeat(heartbeat)).is_err() {
                    // The UI is gone; nobody is left to serve.
                    std::process::exit(0);
                }
                std::thread::sleep(HEARTBEAT_PERIOD);
            }
        })
        .expect("spawning the heartbeat thread");
}

/// Decodes one request into its slot. Every failure is the photo's, reported, never fatal.
pub fn serve(segment: &FrameSegment, request: &DecodeRequest) -> FromWorker {
    match decode_into_slot(segment, request) {
        Ok(seq) => FromWorker::Ready(FrameReady {
            request_id: request.request_id,
            slot: request.slot,
            seq,
        }),
        Err(reason) => FromWorker::Failed {
            request_id: request.request_id,
            path: request.path.clone(),
            reason,
        },
    }
}

fn decode_into_slot(segment: &FrameSegment, request: &DecodeRequest) -> Result<u64, String> {
    let (width, height) = (request.width, request.height);
    let needed = width as u64 * height as u64 * 4;
    if needed > segment.slot_bytes() {
        return Err(format!(
            "{width}x{height} does not fit a slot of {} bytes",
            segment.slot_bytes()
        ));
    }
    let image = load_oriented(&request.path).map_err(|e| e.to_string())?;
    let mut slot = segment
        .begin_write(request.slot)
        .map_err(|e| e.to_string())?;
    prescale_into(&image, slot.pixels(), width, height, request.fit).map_err(|e| e.to_string())?;
    Ok(slot.finish(width, height, width * 4, request.request_id))
}
