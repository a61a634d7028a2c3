//! Starting one worker process and completing its bootstrap handshake.

use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use framewave_protocol::{Bootstrap, FrameSegment, FromWorker, PROTOCOL_VERSION, ToWorker};
use ipc_channel::ipc::{IpcOneShotServer, IpcReceiver, IpcSender};

/// The descriptor number at which a worker finds its frame segment.
pub const SEGMENT_FD: i32 = 3;
/// A worker that has not said hello by then is considered failed.
const HELLO_DEADLINE: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("cannot start {exe}: {source}")]
    Exec {
        exe: String,
        #[source]
        source: std::io::Error,
    },
    #[error("control channel: {0}")]
    Channel(String),
    #[error("frame segment: {0}")]
    Segment(#[from] framewave_protocol::SegmentError),
    #[error("worker exited before its handshake ({0})")]
    DiedAtStart(std::process::ExitStatus),
    #[error("worker did not complete its handshake within {0:?}")]
    HandshakeTimeout(Duration),
    #[error("worker speaks protocol {found}, expected {PROTOCOL_VERSION}")]
    Protocol { found: u32 },
}

/// A running, handshaken worker.
#[derive(Debug)]
pub struct WorkerProcess {
    pub child: Child,
    pub pid: u32,
    pub commands: IpcSender<ToWorker>,
}

/// Starts `exe worker <kind> <extra_args>` with `segment` inherited, and waits (on this, the
/// supervisor's thread) for its hello. Returns the process and the receiving end of its events.
pub fn spawn_worker(
    exe: &Path,
    kind: &str,
    extra_args: &[String],
    segment: &FrameSegment,
) -> Result<(WorkerProcess, IpcReceiver<FromWorker>), SpawnError> {
    let channel_err = |e: &dyn std::fmt::Display| SpawnError::Channel(e.to_string());
    let (server, server_name) =
        IpcOneShotServer::<Bootstrap>::new().map_err(|e| channel_err(&e))?;
    let mut command = Command::new(exe);
    command
        .args(["worker", kind, "--bootstrap", &server_name])
        .args(["--segment-fd", &SEGMENT_FD.to_string()])
        .args(["--parent", &std::process::id().to_string()])
        .args(extra_args)
        .stdin(Stdio::null())
        // A group of its own: Ctrl-C at a terminal (a signal to the UI's group) reaches the UI
        // only, which then stops its workers in order; if the UI dies, PDEATHSIG ends them.
        .process_group(0);
    segment.pass_to_child(&mut command, SEGMENT_FD)?;
    let mut child = command.spawn().map_err(|source| SpawnError::Exec {
        exe: exe.display().to_string(),
        source,
    })?;

    // accept() blocks with no timeout, so it runs on its own short-lived thread; if the worker
    // dies first, we connect to the server ourselves to release that thread.
    let (accepted_tx, accepted) = crossbeam_channel::bounded(1);
    std::thread::Builder::new()
        .name("worker-handshake".into())
        .spawn(move || {
            let _ = accepted_tx.send(server.accept());
        })
        .map_err(|e| channel_err(&e))?;
    let release = || {
        if let Ok(sender) = IpcSender::<Bootstrap>::connect(server_name.clone()) {
            let _ = sender.send(Bootstrap::Abandoned);
        }
    };
    let deadline = Instant::now() + HELLO_DEADLINE;
    let failure = loop {
        match accepted.recv_timeout(Duration::from_millis(20)) {
            Ok(Ok((
                _,
                Bootstrap::Hello {
                    protocol,
                    pid,
                    commands,
                    events,
                },
            ))) => {
                if protocol != PROTOCOL_VERSION {
                    break SpawnError::Protocol { found: protocol };
                }
                let process = WorkerProcess {
                    child,
                    pid,
                    commands,
                };
                return Ok((process, events));
            }
            Ok(Ok((_, Bootstrap::Abandoned))) => {
                break SpawnError::Channel("handshake abandoned".into());
            }
            Ok(Err(e)) => break channel_err(&e),
            Err(RecvTimeoutError::Disconnected) => {
                break SpawnError::Channel("handshake thread vanished".into());
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if let Ok(Some(status)) = child.try_wait() {
            release();
            break SpawnError::DiedAtStart(status);
        }
        if Instant::now() >= deadline {
            release();
            break SpawnError::HandshakeTimeout(HELLO_DEADLINE);
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    Err(failure)
}
