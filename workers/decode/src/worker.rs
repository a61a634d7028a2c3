//! The decode worker process: serves decode requests into shared-memory slots.
//!
//! Started by the UI as `framewave worker decode ...`. It attaches the inherited frame segment,
//! says hello through the bootstrap server, then answers requests one at a time while a separate
//! thread sends heartbeats. It exits when told to, or when the UI disappears.

use std::os::fd::RawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use framewave_protocol::{
    Bootstrap, DecodeRequest, FrameDescriptor, FrameReady, FrameSegment, FromWorker, Heartbeat,
    PROTOCOL_VERSION, PixelFormat, SegmentError, ToWorker, WorkerConfig,
};
use ipc_channel::ipc::{self, IpcSender};

use crate::faults::Fault;
use crate::load::{Target, load_for_target};
use crate::prescale_into;

#[derive(Debug, Clone)]
pub struct WorkerArgs {
    /// Name of the UI's one-shot bootstrap server.
    pub bootstrap: String,
    /// Descriptor number at which the frame segment was inherited.
    pub segment_fd: RawFd,
    /// Process id of the UI, which this worker must not outlive.
    pub parent_pid: u32,
    pub fault: Fault,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot attach the frame segment: {0}")]
    Segment(#[from] SegmentError),
    #[error("control channel: {0}")]
    Channel(String),
    #[error("cannot follow the parent's lifetime: {0}")]
    Parent(#[from] std::io::Error),
    #[error("cannot cap the worker's memory: {0}")]
    MemoryCap(std::io::Error),
}

/// What the heartbeat thread reports and the serving loop updates.
#[derive(Debug)]
struct Shared {
    done: AtomicU64,
    failed: AtomicU64,
    heartbeat_ms: AtomicU32,
}

/// Runs the worker process until shutdown or until the UI goes away.
pub fn run(args: &WorkerArgs) -> Result<(), WorkerError> {
    framewave_protocol::lifecycle::die_with_parent(args.parent_pid)?;
    framewave_protocol::lifecycle::lower_priority();
    framewave_protocol::lifecycle::cap_memory().map_err(WorkerError::MemoryCap)?;
    let segment = FrameSegment::attach_inherited(args.segment_fd)?;
    serve_connection(segment, &args.bootstrap, args.fault)
}

/// Says hello to the bootstrap server `bootstrap` and serves requests into `segment` until told
/// to stop or until the other side goes away. This is the whole worker minus process set-up, so
/// tests can run it on a thread.
pub fn serve_connection(
    segment: FrameSegment,
    bootstrap: &str,
    fault: Fault,
) -> Result<(), WorkerError> {
    let channel_err = |e: &dyn std::fmt::Display| WorkerError::Channel(e.to_string());
    let hello =
        IpcSender::<Bootstrap>::connect(bootstrap.to_owned()).map_err(|e| channel_err(&e))?;
    let (commands_tx, commands) = ipc::channel::<ToWorker>().map_err(|e| channel_err(&e))?;
    let (events, events_rx) = ipc::channel::<FromWorker>().map_err(|e| channel_err(&e))?;
    hello
        .send(Bootstrap::Hello {
            protocol: PROTOCOL_VERSION,
            pid: std::process::id(),
            commands: commands_tx,
            events: events_rx,
        })
        .map_err(|e| channel_err(&e))?;

    let mut config = WorkerConfig::default();
    let shared = Arc::new(Shared {
        done: AtomicU64::new(0),
        failed: AtomicU64::new(0),
        heartbeat_ms: AtomicU32::new(config.heartbeat_period_ms),
    });
    spawn_heartbeat(events.clone(), Arc::clone(&shared))?;
    // A closed command channel means the UI is gone: stop quietly.
    while let Ok(command) = commands.recv() {
        match command {
            ToWorker::Configure(mut new) => {
                // Resolve the roots once; a root that does not exist confines to nothing.
                new.source_roots = new
                    .source_roots
                    .iter()
                    .filter_map(|root| root.canonicalize().ok())
                    .collect();
                config = new;
                shared
                    .heartbeat_ms
                    .store(config.heartbeat_period_ms.max(10), Ordering::Relaxed);
            }
            ToWorker::Decode(request) => {
                let reply = serve_with_fault(&segment, &request, &config, fault);
                let counter = match reply {
                    FromWorker::Ready(_) => &shared.done,
                    _ => &shared.failed,
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

fn spawn_heartbeat(events: IpcSender<FromWorker>, shared: Arc<Shared>) -> Result<(), WorkerError> {
    std::thread::Builder::new()
        .name("heartbeat".into())
        .spawn(move || {
            for beat in 0.. {
                let heartbeat = Heartbeat {
                    beat,
                    jobs_done: shared.done.load(Ordering::Relaxed),
                    jobs_failed: shared.failed.load(Ordering::Relaxed),
                };
                if events.send(FromWorker::Heartbeat(heartbeat)).is_err() {
                    return; // the UI is gone; the serving loop notices too
                }
                let period = shared.heartbeat_ms.load(Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(period as u64));
            }
        })
        .map_err(WorkerError::Parent)?;
    Ok(())
}

fn serve_with_fault(
    segment: &FrameSegment,
    request: &DecodeRequest,
    config: &WorkerConfig,
    fault: Fault,
) -> FromWorker {
    match fault {
        Fault::None => {}
        Fault::CrashOnRequest => std::process::abort(),
        Fault::Slow(delay) => std::thread::sleep(delay),
        Fault::GarbageDescriptor => {
            if let Ok(slot) = segment.begin_write(request.slot) {
                let seq = slot.publish(FrameDescriptor {
                    width: 60_000,
                    height: 60_000,
                    stride: u32::MAX,
                    format: PixelFormat::Rgba8Srgb as u32,
                    request_id: request.request_id,
                });
                return ready(request, seq);
            }
        }
        Fault::DamagedHeader => segment.damage_header(u32::MAX),
    }
    serve(segment, request, config)
}

/// Decodes one request into its slot. Every failure is the photo's, reported, never fatal.
pub fn serve(segment: &FrameSegment, request: &DecodeRequest, config: &WorkerConfig) -> FromWorker {
    match decode_into_slot(segment, request, config) {
        Ok(seq) => ready(request, seq),
        Err(reason) => FromWorker::Failed {
            request_id: request.request_id,
            path: request.path.clone(),
            reason: one_line(&reason),
        },
    }
}

/// Refuses a path whose real location is outside every root (when roots are configured).
fn confine(path: &std::path::Path, roots: &[std::path::PathBuf]) -> Result<(), String> {
    if roots.is_empty() {
        return Ok(());
    }
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if roots.iter().any(|root| real.starts_with(root)) {
        Ok(())
    } else {
        Err(format!(
            "refusing {}: it is outside the photo folders",
            path.display()
        ))
    }
}

/// Decoder messages sometimes span lines; a log line and a status row want one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ready(request: &DecodeRequest, seq: u64) -> FromWorker {
    FromWorker::Ready(FrameReady {
        request_id: request.request_id,
        slot: request.slot,
        seq,
    })
}

fn decode_into_slot(
    segment: &FrameSegment,
    request: &DecodeRequest,
    config: &WorkerConfig,
) -> Result<u64, String> {
    let (width, height) = (request.width, request.height);
    let needed = width as u64 * height as u64 * 4;
    if needed > segment.slot_bytes() {
        return Err(format!(
            "{width}x{height} does not fit a slot of {} bytes",
            segment.slot_bytes()
        ));
    }
    confine(&request.path, &config.source_roots)?;
    let target = Target {
        width,
        height,
        fit: request.fit,
    };
    let image = load_for_target(&request.path, config.max_source_pixels, target)
        .map_err(|e| e.to_string())?;
    let mut slot = segment
        .begin_write(request.slot)
        .map_err(|e| e.to_string())?;
    prescale_into(&image, slot.pixels(), width, height, request.fit).map_err(|e| e.to_string())?;
    Ok(slot.finish(width, height, request.request_id))
}
