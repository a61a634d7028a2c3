//! The worker's serving loop on a thread of the test process: the same channels, segment and
//! messages as a worker process, without the cost of starting one (the in-process mode).

use std::path::PathBuf;
use std::time::Duration;

use framewave_decode::faults::Fault;
use framewave_decode::worker::serve_connection;
use framewave_protocol::{
    Control, DecodeBootstrap, DecodeCommand, DecodeReply, DecodeRequest, Fit, FrameSegment,
    FromDecodeWorker, Report, ToDecodeWorker, WorkerConfig,
};
use ipc_channel::ipc::{IpcOneShotServer, IpcReceiver, IpcSender};

struct InThreadWorker {
    commands: IpcSender<ToDecodeWorker>,
    events: IpcReceiver<FromDecodeWorker>,
    thread: std::thread::JoinHandle<()>,
}

fn start(segment: &FrameSegment, fault: Fault) -> InThreadWorker {
    let (server, name) = IpcOneShotServer::<DecodeBootstrap>::new().unwrap();
    let worker_segment = segment.try_clone().unwrap();
    let thread = std::thread::Builder::new()
        .name("in-thread-worker".into())
        .spawn(move || serve_connection(worker_segment, &name, fault).unwrap())
        .unwrap();
    let (_, hello) = server.accept().unwrap();
    let DecodeBootstrap::Hello {
        commands, events, ..
    } = hello
    else {
        panic!("expected hello");
    };
    InThreadWorker {
        commands,
        events,
        thread,
    }
}

fn configure(config: WorkerConfig) -> ToDecodeWorker {
    Control::Command(DecodeCommand::Configure(config))
}

fn decode(request: DecodeRequest) -> ToDecodeWorker {
    Control::Command(DecodeCommand::Decode(request))
}

fn next_reply(events: &IpcReceiver<FromDecodeWorker>) -> DecodeReply {
    loop {
        match events.try_recv_timeout(Duration::from_secs(30)).unwrap() {
            Report::Heartbeat(_) => continue,
            Report::Event(reply) => return reply,
        }
    }
}

fn photo(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/photos")
        .join(name)
}

fn request(request_id: u64, path: PathBuf, slot: u32) -> DecodeRequest {
    DecodeRequest {
        request_id,
        path,
        width: 160,
        height: 90,
        fit: Fit::Fill,
        slot,
    }
}

#[test]
fn serves_requests_into_slots_then_stops_on_shutdown() {
    let segment = FrameSegment::create(2, 160 * 90 * 4).unwrap();
    let worker = start(&segment, Fault::None);
    worker
        .commands
        .send(configure(WorkerConfig::default()))
        .unwrap();
    worker
        .commands
        .send(decode(request(5, photo("Storm.jpg"), 1)))
        .unwrap();
    let DecodeReply::Ready(ready) = next_reply(&worker.events) else {
        panic!("expected a frame");
    };
    assert_eq!((ready.request_id, ready.slot), (5, 1));
    let read = segment.read(1, ready.seq).unwrap();
    // Exactly what the worker does: the reduced decode for this size, then Lanczos3.
    let target = framewave_decode::Target {
        width: 160,
        height: 90,
        fit: Fit::Fill,
    };
    let source = framewave_decode::load_for_target(&photo("Storm.jpg"), u64::MAX, target).unwrap();
    let mut expected = vec![0; 160 * 90 * 4];
    framewave_decode::prescale_into(&source, &mut expected, 160, 90, Fit::Fill).unwrap();
    assert!(read.pixels() == expected.as_slice());
    worker.commands.send(Control::Shutdown).unwrap();
    worker.thread.join().unwrap();
}

#[test]
fn photos_over_the_configured_pixel_limit_are_refused_before_decoding() {
    let segment = FrameSegment::create(1, 160 * 90 * 4).unwrap();
    let worker = start(&segment, Fault::None);
    let tiny_limit = WorkerConfig {
        max_source_pixels: 1000,
        ..WorkerConfig::default()
    };
    worker.commands.send(configure(tiny_limit)).unwrap();
    worker
        .commands
        .send(decode(request(1, photo("Storm.jpg"), 0)))
        .unwrap();
    match next_reply(&worker.events) {
        DecodeReply::Failed { reason, .. } => {
            assert!(reason.contains("over the size limit"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(worker.commands); // the UI going away ends the worker too
    worker.thread.join().unwrap();
}

#[test]
fn a_garbage_descriptor_is_caught_by_the_reader() {
    let segment = FrameSegment::create(1, 160 * 90 * 4).unwrap();
    let worker = start(&segment, Fault::GarbageDescriptor);
    worker
        .commands
        .send(decode(request(1, photo("Storm.jpg"), 0)))
        .unwrap();
    let DecodeReply::Ready(ready) = next_reply(&worker.events) else {
        panic!("expected a (lying) frame");
    };
    assert!(segment.read(0, ready.seq).is_err());
    drop(worker.commands);
    worker.thread.join().unwrap();
}

#[test]
fn files_outside_the_source_folders_are_refused_even_through_a_symlink() {
    let root = std::env::temp_dir().join(format!("framewave-roots-{}", std::process::id()));
    let photos = root.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let inside = photos.join("inside.jpg");
    std::fs::copy(photo("Storm.jpg"), &inside).unwrap();
    let escape = photos.join("escape.jpg");
    let _ = std::fs::remove_file(&escape);
    std::os::unix::fs::symlink(photo("Storm.jpg"), &escape).unwrap();

    let segment = FrameSegment::create(1, 160 * 90 * 4).unwrap();
    let worker = start(&segment, Fault::None);
    let confined = WorkerConfig {
        source_roots: vec![photos.clone()],
        ..WorkerConfig::default()
    };
    worker.commands.send(configure(confined)).unwrap();
    for (request_id, path) in [(1, escape), (2, photo("Storm.jpg"))] {
        worker
            .commands
            .send(decode(request(request_id, path, 0)))
            .unwrap();
        match next_reply(&worker.events) {
            DecodeReply::Failed { reason, .. } => assert!(reason.contains("outside"), "{reason}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    worker.commands.send(decode(request(3, inside, 0))).unwrap();
    assert!(matches!(next_reply(&worker.events), DecodeReply::Ready(_)));
    drop(worker.commands);
    worker.thread.join().unwrap();
    std::fs::remove_dir_all(root).unwrap();
}
