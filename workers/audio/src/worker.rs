//! The audio worker process: listens to the configured source, analyses it and publishes the
//! newest analysis into the shared audio record.
//!
//! Started by the UI as `framewave worker audio --bootstrap NAME --parent PID --segment-fd N
//! [--fault F]`. It attaches the inherited record, says hello through the bootstrap server,
//! waits for its first `Configure`, then analyses on a thread of its own while this thread
//! takes commands and a third sends heartbeats. Not niced, unlike the decode workers: capture
//! must keep up with the sound card.

use std::os::fd::RawFd;
use std::sync::mpsc::sync_channel;

use framewave_protocol::{
    AudioCommand, AudioEvent, AudioSegment, Control, Report, SegmentError, WorkerEndpoint,
};

use crate::faults::AudioFault;
use crate::listener::Listener;
use crate::publish::Publisher;
use crate::source::{self, Input};

#[derive(Debug, Clone)]
pub struct WorkerArgs {
    /// Name of the UI's one-shot bootstrap server.
    pub bootstrap: String,
    /// Descriptor number at which the audio record was inherited.
    pub segment_fd: RawFd,
    /// Process id of the UI, which this worker must not outlive.
    pub parent_pid: u32,
    pub fault: Option<AudioFault>,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot attach the audio record: {0}")]
    Segment(#[from] SegmentError),
    #[error("control channel: {0}")]
    Channel(String),
    #[error("cannot follow the parent's lifetime: {0}")]
    Parent(#[from] std::io::Error),
    #[error("cannot start the analysis thread: {0}")]
    Thread(std::io::Error),
    #[error("the analysis thread panicked")]
    AnalysisPanicked,
}

/// Runs the worker process until shutdown or until the UI goes away.
pub fn run(args: &WorkerArgs) -> Result<(), WorkerError> {
    framewave_protocol::lifecycle::die_with_parent(args.parent_pid)?;
    // A panic on any thread ends the process: its heartbeats come from a thread of their own,
    // so an analysis thread that died quietly would leave a worker that looks alive and never
    // publishes again. Ended, it is restarted by the supervisor.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        std::process::abort();
    }));
    if let Some(AudioFault::CrashAfter(after)) = args.fault {
        std::thread::Builder::new()
            .name("fault".into())
            .spawn(move || {
                std::thread::sleep(after);
                std::process::abort();
            })
            .map_err(WorkerError::Thread)?;
    }
    let segment = AudioSegment::attach_inherited(args.segment_fd)?;
    serve_connection(segment, &args.bootstrap, args.fault)
}

/// Says hello to the bootstrap server `bootstrap`, then listens and publishes into `segment`
/// until told to stop or until the other side goes away. The whole worker minus process
/// set-up, so tests can run it on a thread.
pub fn serve_connection(
    segment: AudioSegment,
    bootstrap: &str,
    fault: Option<AudioFault>,
) -> Result<(), WorkerError> {
    let endpoint = WorkerEndpoint::<AudioCommand, AudioEvent>::connect(bootstrap)
        .map_err(WorkerError::Channel)?;
    // Nothing is opened before the UI says what to listen to.
    let config = match endpoint.commands.recv() {
        Ok(Control::Command(AudioCommand::Configure(config))) => config,
        Ok(Control::Shutdown) | Err(_) => return Ok(()),
    };
    let (sender, inputs) = sync_channel(source::QUEUE);
    let events = endpoint.events.clone();
    let tell = Box::new(move |event| events.send(Report::Event(event)).is_ok());
    let publisher = Publisher::new(segment, config.latency_offset_ms);
    let listener = Listener::new(config, sender.clone(), tell, publisher, fault);
    let analysis = std::thread::Builder::new()
        .name("audio-analysis".into())
        .spawn(move || listener.run(inputs))
        .map_err(WorkerError::Thread)?;
    // A closed command channel means the UI is gone: stop quietly.
    while let Ok(command) = endpoint.commands.recv() {
        match command {
            Control::Command(AudioCommand::Configure(config)) => {
                if sender.send(Input::Configure(config)).is_err() {
                    break;
                }
            }
            Control::Shutdown => break,
        }
    }
    // Fails only if the thread is already gone, which the join reports.
    let _ = sender.send(Input::Stop);
    analysis.join().map_err(|_| WorkerError::AnalysisPanicked)
}
