//! The decode service with real worker processes: frames arrive in shared memory exactly as
//! the in-process prescale makes them, bad photos fail cleanly, and shutdown leaves nothing.

mod common;

use std::time::Duration;

use framewave::decode::{DecodeConfig, DecodeEvent, DecodeJob, DecodeService, FailureKind};
use framewave::supervisor::WorkerState;
use framewave_protocol::Fit;

const LIMIT: Duration = Duration::from_secs(30);

fn start() -> DecodeService {
    let mut config = DecodeConfig::new(common::exe(), (640, 480));
    config.pool.workers = 1; // "the worker" below, whatever the machine
    DecodeService::start(config).unwrap()
}

fn job(request_id: u64, path: std::path::PathBuf) -> DecodeJob {
    DecodeJob {
        request_id,
        path,
        width: 320,
        height: 200,
        fit: Fit::Fill,
    }
}

fn running_pid(service: &DecodeService) -> u32 {
    common::wait_for("a running worker", LIMIT, || {
        let status = service.latest_status()?;
        status
            .iter()
            .find(|w| w.state == WorkerState::Running)
            .and_then(|w| w.pid)
    })
}

#[test]
fn a_worker_process_prescales_a_photo_into_shared_memory() {
    let service = start();
    let photo = common::bundled_photo("Garden.jpg");
    service.submit(job(7, photo.clone()));
    let event = common::wait_for("the decoded frame", LIMIT, || service.try_event());
    let DecodeEvent::Ready { request_id, frame } = event else {
        panic!("expected a frame, got {event:?}");
    };
    assert_eq!(request_id, 7);
    let read = frame.read().unwrap();
    let info = read.frame();
    assert_eq!((info.width, info.height, info.request_id), (320, 200, 7));
    let expected = framewave::commands::render::prescaled(&photo, 320, 200).unwrap();
    assert!(
        read.pixels() == expected.as_slice(),
        "worker output differs from the in-process prescale"
    );
    assert!(read.still_valid());
}

#[test]
fn a_broken_photo_fails_with_a_reason_and_the_worker_carries_on() {
    let dir = std::env::temp_dir().join(format!("framewave-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.jpg");
    std::fs::write(&broken, b"\xff\xd8\xff\xe0 this is not really a JPEG").unwrap();
    let service = start();
    let pid = running_pid(&service);
    service.submit(job(1, broken.clone()));
    let event = common::wait_for("the failure", LIMIT, || service.try_event());
    match event {
        DecodeEvent::Failed {
            request_id,
            path,
            kind,
            reason,
        } => {
            assert_eq!((request_id, path), (1, broken));
            assert_eq!(kind, FailureKind::BadPhoto);
            assert!(!reason.is_empty());
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    service.submit(job(2, common::bundled_photo("Aqua.jpg")));
    let event = common::wait_for("the next frame", LIMIT, || service.try_event());
    assert!(
        matches!(event, DecodeEvent::Ready { request_id: 2, .. }),
        "{event:?}"
    );
    assert_eq!(
        running_pid(&service),
        pid,
        "the worker must not have restarted"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn shutdown_stops_the_worker_and_leaves_nothing_behind() {
    let shm_before = common::shm_entries();
    let service = start();
    let pid = running_pid(&service);
    assert!(common::is_alive(pid));
    service.shutdown();
    assert!(!common::is_alive(pid), "worker {pid} survived shutdown");
    assert_eq!(common::shm_entries(), shm_before, "/dev/shm changed");
}
