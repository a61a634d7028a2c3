//! Starting one worker process without waiting for it: the handshake completes on a thread of
//! its own, which reports to the supervisor's inbound queue like any other message.

use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};

use crossbeam_channel::Sender;
use framewave_protocol::{Bootstrap, PROTOCOL_VERSION, Report};
use ipc_channel::IpcError;
use ipc_channel::ipc::{IpcOneShotServer, IpcReceiver, IpcSender};

use super::WorkerKind;
use super::inbound::{From, Hello, Inbound, Message};

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
    #[error("{0}")]
    Prepare(String),
    #[error("worker speaks protocol {found}, expected {PROTOCOL_VERSION}")]
    Protocol { found: u32 },
}

/// A worker process started, its hello still to come.
#[derive(Debug)]
pub struct Launched<K: WorkerKind> {
    pub child: Child,
    pub incarnation: K::Incarnation,
    /// The bootstrap server, to release its waiting thread if the worker never says hello.
    pub server_name: String,
}

/// Starts `exe worker <kind> <args>`; its hello arrives later on `inbound`. Never waits.
pub fn launch<K: WorkerKind>(
    kind: &mut K,
    exe: &std::path::Path,
    args: &[String],
    from: From,
    inbound: Sender<Inbound<K>>,
) -> Result<Launched<K>, SpawnError> {
    let channel_err = |e: &dyn std::fmt::Display| SpawnError::Channel(e.to_string());
    let (server, server_name) =
        IpcOneShotServer::<Bootstrap<K::Command, K::Event>>::new().map_err(|e| channel_err(&e))?;
    let mut command = Command::new(exe);
    command
        .args(["worker", K::NAME, "--bootstrap", &server_name])
        .args(["--parent", &std::process::id().to_string()])
        .stdin(Stdio::null())
        // A group of its own: Ctrl-C at a terminal (a signal to the UI's group) reaches the UI
        // only, which then stops its workers in order; if the UI dies, PDEATHSIG ends them.
        .process_group(0);
    let incarnation = kind.prepare(&mut command).map_err(SpawnError::Prepare)?;
    command.args(args);
    let mut child = command.spawn().map_err(|source| SpawnError::Exec {
        exe: exe.display().to_string(),
        source,
    })?;
    // accept() blocks with no timeout, so it runs here; `release` frees it if need be.
    let hello_thread = std::thread::Builder::new()
        .name(format!("{}-worker-{}-hello", K::NAME, from.worker))
        .spawn(move || {
            let hello = match server.accept() {
                Ok((
                    _,
                    Bootstrap::Hello {
                        protocol,
                        pid,
                        commands,
                        events,
                    },
                )) if protocol == PROTOCOL_VERSION => Ok(Hello {
                    pid,
                    commands,
                    events,
                }),
                Ok((_, Bootstrap::Hello { protocol, .. })) => {
                    Err(SpawnError::Protocol { found: protocol }.to_string())
                }
                Ok((_, Bootstrap::Abandoned)) => Err("abandoned".into()),
                Err(e) => Err(format!("handshake: {e}")),
            };
            let _ = inbound.send(Inbound::new(from, Message::Hello(hello)));
        });
    if let Err(e) = hello_thread {
        let _ = child.kill();
        let _ = child.wait(); // just killed, never having said hello: collected at once
        return Err(channel_err(&e));
    }
    Ok(Launched {
        child,
        incarnation,
        server_name,
    })
}

/// Releases the thread waiting for a hello that will not come.
pub fn release<K: WorkerKind>(server_name: String) {
    if let Ok(sender) = IpcSender::<Bootstrap<K::Command, K::Event>>::connect(server_name) {
        let _ = sender.send(Bootstrap::Abandoned);
    }
}

/// A thread per incarnation that blocks on its event channel and forwards to the supervisor.
/// It ends when the worker's end of the channel closes (the worker died or exited).
pub fn spawn_reader<K: WorkerKind>(
    from: From,
    events: IpcReceiver<Report<K::Event>>,
    inbound: Sender<Inbound<K>>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(format!("{}-worker-{}-events", K::NAME, from.worker))
        .spawn(move || {
            loop {
                let (message, last) = match events.recv() {
                    Ok(report) => (Message::Report(report), false),
                    Err(IpcError::Disconnected) => (Message::Closed, true),
                    Err(e) => (Message::Garbage(e.to_string()), true),
                };
                if inbound.send(Inbound::new(from, message)).is_err() || last {
                    return;
                }
            }
        })?;
    Ok(())
}
