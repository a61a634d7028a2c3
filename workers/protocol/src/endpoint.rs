//! The worker's end of the control plane, the same for every kind of worker: the hello through
//! the bootstrap server, and a heartbeat thread that reports the job counters.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use ipc_channel::ipc::{self, IpcReceiver, IpcSender};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::messages::{Bootstrap, Control, Heartbeat, PROTOCOL_VERSION, Report};

/// How often every worker says it is alive. The supervisor judges a worker silent for eight
/// periods (2 s) hung.
pub const HEARTBEAT_PERIOD: Duration = Duration::from_millis(250);

/// Jobs served so far, reported with every heartbeat.
#[derive(Debug, Default)]
pub struct JobCounters {
    done: AtomicU64,
    failed: AtomicU64,
}

impl JobCounters {
    pub fn count(&self, succeeded: bool) {
        let counter = if succeeded { &self.done } else { &self.failed };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// A connected worker: commands come in on `commands`, replies go out on `events`.
#[derive(Debug)]
pub struct WorkerEndpoint<C, E> {
    pub commands: IpcReceiver<Control<C>>,
    pub events: IpcSender<Report<E>>,
    pub counters: Arc<JobCounters>,
}

impl<C, E> WorkerEndpoint<C, E>
where
    C: Serialize + DeserializeOwned,
    E: Serialize + DeserializeOwned + Send + 'static,
{
    /// Says hello to the one-shot server `bootstrap` with a fresh pair of channels, then starts
    /// the heartbeat thread (it ends when the supervisor's end closes).
    pub fn connect(bootstrap: &str) -> Result<Self, String> {
        let hello = IpcSender::<Bootstrap<C, E>>::connect(bootstrap.to_owned())
            .map_err(|e| e.to_string())?;
        let (commands_tx, commands) = ipc::channel::<Control<C>>().map_err(|e| e.to_string())?;
        let (events, events_rx) = ipc::channel::<Report<E>>().map_err(|e| e.to_string())?;
        hello
            .send(Bootstrap::Hello {
                protocol: PROTOCOL_VERSION,
                pid: std::process::id(),
                commands: commands_tx,
                events: events_rx,
            })
            .map_err(|e| e.to_string())?;
        let counters = Arc::new(JobCounters::default());
        spawn_heartbeat(events.clone(), Arc::clone(&counters)).map_err(|e| e.to_string())?;
        Ok(Self {
            commands,
            events,
            counters,
        })
    }
}

fn spawn_heartbeat<E: Serialize + Send + 'static>(
    events: IpcSender<Report<E>>,
    counters: Arc<JobCounters>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("heartbeat".into())
        .spawn(move || {
            for beat in 0.. {
                let heartbeat = Heartbeat {
                    beat,
                    jobs_done: counters.done.load(Ordering::Relaxed),
                    jobs_failed: counters.failed.load(Ordering::Relaxed),
                };
                if events.send(Report::Heartbeat(heartbeat)).is_err() {
                    return; // the supervisor is gone; the serving loop notices too
                }
                std::thread::sleep(HEARTBEAT_PERIOD);
            }
        })?;
    Ok(())
}
