//! The supervisor against real worker processes that crash, hang, and lie.

mod common;

use std::time::Duration;

use framewave::decode::{DecodeConfig, DecodeEvent, DecodeJob, DecodeService, FailureKind};
use framewave::supervisor::{RestartLimits, WorkerState, WorkerStatus};
use framewave_protocol::Fit;
use rustix::process::{Pid, Signal};

const LIMIT: Duration = Duration::from_secs(30);

fn config(fault: &str) -> DecodeConfig {
    let mut config = DecodeConfig::new(common::exe(), (640, 480));
    // One worker, whatever the machine: the tests reason about "the" worker.
    config.pool.workers = 1;
    config.pool.worker_args = vec!["--fault".into(), fault.into()];
    config
}

/// Restart limits that reach their verdict quickly.
fn impatient() -> RestartLimits {
    RestartLimits {
        first_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        max_restarts: 3,
        ..RestartLimits::default()
    }
}

/// A job for one of several photos, so that quarantining one does not stop the others.
fn job(request_id: u64) -> DecodeJob {
    const PHOTOS: [&str; 4] = ["GreenMeadow.jpg", "Garden.jpg", "Aqua.jpg", "Storm.jpg"];
    DecodeJob {
        request_id,
        path: common::bundled_photo(PHOTOS[request_id as usize % PHOTOS.len()]),
        width: 320,
        height: 240,
        fit: Fit::Fill,
    }
}

fn signal(pid: u32, signal: Signal) {
    rustix::process::kill_process(Pid::from_raw(pid as i32).unwrap(), signal).unwrap();
}

/// Waits until the (only) worker's status satisfies `condition`.
fn wait_status(
    service: &DecodeService,
    what: &str,
    condition: impl Fn(&WorkerStatus) -> bool,
) -> WorkerStatus {
    common::wait_for(what, LIMIT, || {
        service
            .latest_status()
            .and_then(|all| all.into_iter().next())
            .filter(&condition)
    })
}

fn running_pid(service: &DecodeService) -> u32 {
    wait_status(service, "a running worker", |w| {
        w.state == WorkerState::Running
    })
    .pid
    .unwrap()
}

fn next_event(service: &DecodeService) -> DecodeEvent {
    common::wait_for("a decode event", LIMIT, || service.try_event())
}

#[test]
fn a_worker_killed_mid_decode_is_restarted_and_the_photo_still_arrives() {
    let service = DecodeService::start(config("slow-ms=1500")).unwrap();
    let first_pid = running_pid(&service);
    service.submit(job(0));
    assert!(matches!(
        next_event(&service),
        DecodeEvent::Ready { request_id: 0, .. }
    ));
    wait_status(&service, "the first job counted", |w| w.jobs_done == 1);
    service.submit(job(1));
    wait_status(&service, "the job in flight", |w| w.busy());
    signal(first_pid, Signal::KILL);
    let restarted = wait_status(&service, "a new worker", |w| {
        w.state == WorkerState::Running && w.pid != Some(first_pid)
    });
    assert_eq!(restarted.restarts, 1);
    match next_event(&service) {
        DecodeEvent::Ready { request_id, .. } => assert_eq!(request_id, 1),
        other => panic!("expected the photo, got {other:?}"),
    }
    assert!(!common::is_alive(first_pid));
    // Job counts run on across restarts.
    wait_status(&service, "both jobs counted", |w| w.jobs_done == 2);
}

#[test]
fn a_stopped_worker_is_detected_as_hung_and_replaced() {
    let service = DecodeService::start(config("none")).unwrap();
    let first_pid = running_pid(&service);
    signal(first_pid, Signal::STOP);
    let replaced = wait_status(&service, "the hung worker's replacement", |w| {
        w.state == WorkerState::Running && w.pid.is_some_and(|p| p != first_pid)
    });
    assert_eq!(replaced.restarts, 1);
    assert!(
        !common::is_alive(first_pid),
        "the hung worker must be killed"
    );
    service.submit(job(9));
    assert!(matches!(
        next_event(&service),
        DecodeEvent::Ready { request_id: 9, .. }
    ));
}

#[test]
fn a_worker_that_always_crashes_is_given_up_and_its_photo_quarantined() {
    let mut config = config("crash-on-request");
    config.pool.restart = impatient();
    let service = DecodeService::start(config).unwrap();
    let mut kinds = Vec::new();
    for request_id in 0..20 {
        service.submit(job(request_id));
        match next_event(&service) {
            DecodeEvent::Ready { .. } => panic!("a crashing worker produced a frame"),
            DecodeEvent::Failed { kind, .. } => kinds.push(kind),
        }
        if kinds.last() == Some(&FailureKind::NoWorker) {
            break;
        }
    }
    assert!(kinds.contains(&FailureKind::Quarantined), "{kinds:?}");
    let given_up = wait_status(&service, "the worker given up", |w| {
        w.state == WorkerState::GivenUp
    });
    assert_eq!(given_up.restarts, 3);
    // The service still answers, at once, without a worker.
    service.submit(job(1000));
    assert!(matches!(
        next_event(&service),
        DecodeEvent::Failed {
            kind: FailureKind::NoWorker,
            ..
        }
    ));
}

/// A worker that announces frames the UI must not read: the frame never reaches the render
/// loop, the worker is restarted and finally given up, and the photo is not blamed.
fn lying_worker_is_rejected(fault: &str) {
    let mut config = config(fault);
    config.pool.restart = impatient();
    let service = DecodeService::start(config).unwrap();
    service.submit(job(1));
    match next_event(&service) {
        DecodeEvent::Failed { kind, .. } => assert_eq!(kind, FailureKind::NoWorker),
        DecodeEvent::Ready { .. } => panic!("a frame from a lying worker was let through"),
    }
    let status = wait_status(&service, "the worker given up", |w| {
        w.state == WorkerState::GivenUp
    });
    assert_eq!(status.restarts, 3);
}

#[test]
fn garbage_descriptors_are_rejected_and_the_worker_restarted() {
    lying_worker_is_rejected("garbage-descriptor");
}

#[test]
fn a_wrong_header_version_is_rejected_and_the_worker_restarted() {
    lying_worker_is_rejected("damaged-header");
}

#[test]
fn workers_run_with_their_memory_capped() {
    let service = DecodeService::start(config("none")).unwrap();
    let pid = running_pid(&service);
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let data = limits
        .lines()
        .find(|line| line.starts_with("Max data size"))
        .expect("a data size line");
    let cap = framewave_protocol::lifecycle::WORKER_MEMORY_CAP_BYTES.to_string();
    let fields: Vec<&str> = data.split_whitespace().collect();
    // "Max data size <soft> <hard> bytes"
    assert_eq!(&fields[3..5], [cap.as_str(), cap.as_str()], "{data}");
    drop(service);
}
