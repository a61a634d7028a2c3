//! `framewave worker <kind>`: the worker processes the UI starts. Hidden from the help.

use crate::cli::{WorkerCommand, WorkerKind};

pub fn run(args: &WorkerCommand) -> anyhow::Result<()> {
    match args.kind {
        WorkerKind::Decode => {
            framewave_decode::worker::run(&framewave_decode::worker::WorkerArgs {
                bootstrap: args.bootstrap.clone(),
                segment_fd: args.segment_fd,
                parent_pid: args.parent,
                fault: args.fault.parse().map_err(anyhow::Error::msg)?,
            })?
        }
        WorkerKind::Audio => framewave_audio::worker::run(&framewave_audio::worker::WorkerArgs {
            bootstrap: args.bootstrap.clone(),
            segment_fd: args.segment_fd,
            parent_pid: args.parent,
            fault: framewave_audio::faults::AudioFault::parse_option(&args.fault)
                .map_err(anyhow::Error::msg)?,
        })?,
    }
    Ok(())
}
