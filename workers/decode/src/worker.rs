//! The decode worker process: serves decode requests into shared-memory slots.
//!
//! Started by the UI as `framewave worker decode ...`. It attaches the inherited frame segment,
//! says hello through the bootstrap server, then answers requests one at a time while a separate
//! thread sends heartbeats. It exits when told to, or when the UI disappears.

use std::os::fd::RawFd;
use std::time::Duration;

use framewave_protocol::{
    Control, DecodeCommand, DecodeReply, DecodeRequest, FrameDescriptor, FrameReady, FrameSegment,
    PixelFormat, Report, SegmentError, WorkerConfig, WorkerEndpoint,
};

use crate::confine::{Roots, read_confined};
use crate::faults::Fault;
use crate::load::{Target, load_bytes_for_target};
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

/// Runs the worker process until shutdown or until the UI goes away.
pub fn run(args: &WorkerArgs) -> Result<(), WorkerError> {
    framewave_protocol::lifecycle::die_with_parent(args.parent_pid)?;
    framewave_protocol::lifecycle::lower_priority();
    framewave_protocol::lifecycle::cap_memory().map_err(WorkerError::MemoryCap)?;
    let segment = FrameSegment::attach_inherited(args.segment_fd)?;
    if let Fault::SlowHelloIf(marker) = &args.fault
        && let Ok(ms) = std::fs::read_to_string(marker)
    {
        std::thread::sleep(Duration::from_millis(ms.trim().parse().unwrap_or(0)));
    }
    serve_connection(segment, &args.bootstrap, args.fault.clone())
}

/// Says hello to the bootstrap server `bootstrap` and serves requests into `segment` until told
/// to stop or until the other side goes away. This is the whole worker minus process set-up, so
/// tests can run it on a thread.
pub fn serve_connection(
    segment: FrameSegment,
    bootstrap: &str,
    fault: Fault,
) -> Result<(), WorkerError> {
    let endpoint = WorkerEndpoint::<DecodeCommand, DecodeReply>::connect(bootstrap)
        .map_err(WorkerError::Channel)?;
    let mut config = WorkerConfig::default();
    // Nothing may be read before the configuration says from where.
    let mut roots = Roots::Only(Vec::new());
    // A closed command channel means the UI is gone: stop quietly.
    while let Ok(command) = endpoint.commands.recv() {
        match command {
            Control::Command(DecodeCommand::Configure(new)) => {
                // Resolved once; folders configured but not found confine to nothing.
                roots = Roots::resolve(&new.source_roots);
                config = new;
            }
            Control::Command(DecodeCommand::Decode(request)) => {
                let settings = Settings {
                    config: &config,
                    roots: &roots,
                };
                let reply = serve_with_fault(&segment, &request, settings, &fault);
                let served = matches!(reply, DecodeReply::Ready(_));
                if let (Fault::TearOnce(marker), true) = (&fault, served) {
                    tear_once(&segment, request.slot, marker);
                }
                endpoint.counters.count(served);
                if endpoint.events.send(Report::Event(reply)).is_err() {
                    break;
                }
            }
            Control::Shutdown if fault == Fault::IgnoreShutdown => {}
            Control::Shutdown => break,
        }
    }
    // A worker that ignores being asked to stop ignores its channel closing too: only a
    // signal ends it.
    if fault == Fault::IgnoreShutdown {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    Ok(())
}

/// What a request is served under.
#[derive(Debug, Clone, Copy)]
struct Settings<'a> {
    config: &'a WorkerConfig,
    roots: &'a Roots,
}

fn serve_with_fault(
    segment: &FrameSegment,
    request: &DecodeRequest,
    settings: Settings<'_>,
    fault: &Fault,
) -> DecodeReply {
    match fault {
        Fault::CrashOnRequest => std::process::abort(),
        Fault::Slow(delay) => std::thread::sleep(*delay),
        Fault::StuckOn(name) if request.path.file_name().is_some_and(|n| n == name.as_str()) => {
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        Fault::GarbageDescriptor => {
            if let Ok(slot) = segment.begin_write(request.slot) {
                return ready(request, slot.publish(garbage(request)));
            }
        }
        Fault::Oversize => {
            let larger = DecodeRequest {
                width: request.width + 16,
                height: request.height + 16,
                ..request.clone()
            };
            return serve(segment, &larger, settings);
        }
        Fault::DamagedHeader => segment.damage_header(u32::MAX),
        _ => {}
    }
    serve(segment, request, settings)
}

fn garbage(request: &DecodeRequest) -> FrameDescriptor {
    FrameDescriptor {
        width: 60_000,
        height: 60_000,
        stride: u32::MAX,
        format: PixelFormat::Rgba8Srgb as u32,
        request_id: request.request_id,
    }
}

/// Starts rewriting a finished slot just before it is announced, and never finishes: its
/// sequence stays odd, so the frame announced is torn for whoever reads it. Only once, across
/// incarnations (the marker).
fn tear_once(segment: &FrameSegment, slot: u32, marker: &std::path::Path) {
    if marker.exists() || std::fs::write(marker, b"torn").is_err() {
        return;
    }
    if let Ok(write) = segment.begin_write(slot) {
        std::mem::forget(write);
    }
}

/// Decodes one request into its slot. Every failure is the photo's, reported, never fatal.
fn serve(segment: &FrameSegment, request: &DecodeRequest, settings: Settings<'_>) -> DecodeReply {
    match decode_into_slot(segment, request, settings) {
        Ok(seq) => ready(request, seq),
        Err(reason) => DecodeReply::Failed {
            request_id: request.request_id,
            path: request.path.clone(),
            reason: one_line(&reason),
        },
    }
}

/// Decoder messages sometimes span lines; a log line and a status row want one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ready(request: &DecodeRequest, seq: u64) -> DecodeReply {
    DecodeReply::Ready(FrameReady {
        request_id: request.request_id,
        slot: request.slot,
        seq,
    })
}

fn decode_into_slot(
    segment: &FrameSegment,
    request: &DecodeRequest,
    Settings { config, roots }: Settings<'_>,
) -> Result<u64, String> {
    let (width, height) = (request.width, request.height);
    let needed = width as u64 * height as u64 * 4;
    if needed > segment.slot_bytes() {
        return Err(format!(
            "{width}x{height} does not fit a slot of {} bytes",
            segment.slot_bytes()
        ));
    }
    // Read once, from the descriptor that was checked: a link swapped in meanwhile is not seen.
    let bytes = read_confined(&request.path, roots)?;
    let target = Target {
        width,
        height,
        fit: request.fit,
    };
    let shown = request.path.display().to_string();
    let image = load_bytes_for_target(&bytes, &shown, config.max_source_pixels, target)
        .map_err(|e| e.to_string())?;
    drop(bytes);
    let mut slot = segment
        .begin_write(request.slot)
        .map_err(|e| e.to_string())?;
    prescale_into(&image, slot.pixels(), width, height, request.fit).map_err(|e| e.to_string())?;
    Ok(slot.finish(width, height, request.request_id))
}
