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

/// A worker that announces frames the UI must not read: no frame ever reaches the render loop,
/// the photo is never blamed (after two spoiled attempts it is only dropped this time), and the
/// worker is restarted until it is given up.
fn lying_worker_is_rejected(fault: &str) {
    let mut config = config(fault);
    config.pool.restart = impatient();
    let service = DecodeService::start(config).unwrap();
    let mut kinds = Vec::new();
    for request_id in 1..20 {
        service.submit(job(request_id));
        match next_event(&service) {
            DecodeEvent::Failed { kind, .. } => kinds.push(kind),
            DecodeEvent::Ready { .. } => panic!("a frame from a lying worker was let through"),
        }
        if kinds.last() == Some(&FailureKind::NoWorker) {
            break;
        }
    }
    assert_eq!(kinds.first(), Some(&FailureKind::Dropped), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&FailureKind::NoWorker), "{kinds:?}");
    assert!(
        kinds
            .iter()
            .all(|k| matches!(k, FailureKind::Dropped | FailureKind::NoWorker)),
        "the photo was blamed: {kinds:?}"
    );
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

/// A scratch file path for a fault's marker, unique to this test.
fn marker(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("framewave-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn a_worker_stuck_in_a_job_is_replaced_by_its_deadline_and_the_other_photos_go_on() {
    const DEADLINE: Duration = Duration::from_secs(1);
    // Stuck on Garden.jpg (job 1), heartbeats going on all the while.
    let mut config = config("stuck-on=Garden.jpg");
    config.pool.job_deadline = DEADLINE;
    let service = DecodeService::start(config).unwrap();
    let first_pid = running_pid(&service);
    service.submit(job(1));
    let stuck = wait_status(&service, "the stuck job in the status", |w| {
        w.job
            .as_ref()
            .is_some_and(|j| j.subject.ends_with("Garden.jpg"))
    });
    let seen_at = std::time::Instant::now();
    let heard_age = stuck.job.unwrap().age;
    for request_id in [2, 3] {
        service.submit(job(request_id));
    }
    // Judged hung and killed by the deadline plus 500 ms; its replacement then starts (how
    // long a process takes to start on a loaded machine is not the supervisor's to promise).
    wait_status(&service, "the stuck worker judged", |w| w.restarts >= 1);
    let took = seen_at.elapsed() + heard_age;
    assert!(
        took <= DEADLINE + Duration::from_millis(500),
        "judged {took:?} after the job started (deadline {DEADLINE:?})"
    );
    let replaced = wait_status(&service, "the stuck worker replaced", |w| {
        w.state == WorkerState::Running && w.pid.is_some_and(|pid| pid != first_pid)
    });
    assert_eq!(replaced.restarts, 1);
    // The other photos are prepared first (the suspect waits behind them); stuck again on its
    // retry, the photo is quarantined.
    let mut ready = Vec::new();
    let mut quarantined = Vec::new();
    while ready.len() + quarantined.len() < 3 {
        match next_event(&service) {
            DecodeEvent::Ready { request_id, .. } => ready.push(request_id),
            DecodeEvent::Failed {
                request_id, kind, ..
            } => {
                assert_eq!(kind, FailureKind::Quarantined);
                quarantined.push(request_id);
            }
        }
    }
    assert_eq!(quarantined, [1], "the stuck photo is reported once");
    assert_eq!(ready, [2, 3]);
    assert!(!common::is_alive(first_pid), "the stuck worker is gone");
}

#[test]
fn a_worker_slow_to_start_does_not_make_another_look_hung() {
    let slow = marker("slow-hello");
    let mut config = config(&format!("slow-hello-if={}", slow.display()));
    config.pool.workers = 2;
    // Slow, not failed: the handshake may take longer than a worker may be silent.
    config.pool.hello_deadline = Duration::from_secs(15);
    let service = DecodeService::start(config).unwrap();
    let both = common::wait_for("two running workers", LIMIT, || {
        service
            .latest_status()
            .filter(|all| all.iter().all(|w| w.state == WorkerState::Running))
    });
    // From now on a starting worker takes 3 s to say hello: longer than a worker may be
    // silent. Kill worker 1; worker 0 must go on undisturbed while it restarts.
    std::fs::write(&slow, "3000").unwrap();
    signal(both[1].pid.unwrap(), Signal::KILL);
    common::wait_for("worker 1 starting again", LIMIT, || {
        service
            .latest_status()
            .filter(|all| all[1].state == WorkerState::Starting)
    });
    // Served by worker 0 while worker 1 is still saying hello (it takes 3 s).
    service.submit(job(7));
    assert!(matches!(
        next_event(&service),
        DecodeEvent::Ready { request_id: 7, .. }
    ));
    let meanwhile = common::wait_for("a status", LIMIT, || service.latest_status());
    assert_eq!(
        meanwhile[1].state,
        WorkerState::Starting,
        "served before worker 1 was up"
    );
    let all = common::wait_for("worker 1 running again", LIMIT, || {
        service
            .latest_status()
            .filter(|all| all[1].state == WorkerState::Running)
    });
    assert_eq!(all[0].pid, both[0].pid, "worker 0 was never replaced");
    assert_eq!(all[0].restarts, 0);
    assert_eq!(all[1].restarts, 1);
    let _ = std::fs::remove_file(&slow);
}

#[test]
fn a_torn_frame_restarts_the_worker_and_the_photo_still_arrives() {
    let torn = marker("tear-once");
    let service = DecodeService::start(config(&format!("tear-once={}", torn.display()))).unwrap();
    let first_pid = running_pid(&service);
    service.submit(job(4));
    // The first worker announces a torn frame: it never reaches the render loop, the worker
    // is restarted, and its successor prepares the photo.
    match next_event(&service) {
        DecodeEvent::Ready { request_id, frame } => {
            assert_eq!(request_id, 4);
            let read = frame.read().expect("a whole frame");
            assert!(read.still_valid());
        }
        DecodeEvent::Failed { kind, .. } => panic!("the photo was blamed: {kind:?}"),
    }
    let status = wait_status(&service, "the restarted worker", |w| {
        w.state == WorkerState::Running
    });
    assert_eq!(status.restarts, 1);
    assert_ne!(status.pid, Some(first_pid));
    let _ = std::fs::remove_file(&torn);
}

#[test]
fn a_frame_rejected_on_upload_restarts_its_worker_and_comes_again() {
    let service = DecodeService::start(config("none")).unwrap();
    let first_pid = running_pid(&service);
    service.submit(job(5));
    let DecodeEvent::Ready { request_id, frame } = next_event(&service) else {
        panic!("expected a frame");
    };
    assert_eq!(request_id, 5);
    // What the render loop does when an upload tears.
    frame.reject("torn during upload".into());
    let DecodeEvent::Ready { request_id, .. } = next_event(&service) else {
        panic!("expected the photo again, not blamed");
    };
    assert_eq!(request_id, 5);
    let status = wait_status(&service, "the restarted worker", |w| {
        w.state == WorkerState::Running && w.pid != Some(first_pid)
    });
    assert_eq!(status.restarts, 1);
}

#[test]
fn a_frame_larger_than_requested_never_reaches_the_render_loop() {
    lying_worker_is_rejected("oversize");
}
