//! `framewave soak`: a fault-injecting endurance run of the real windowed app.

use std::time::Duration;

use anyhow::Context as _;

use crate::cli::SoakArgs;
use crate::soak::{self, FaultPlan, SoakOptions};

pub fn run(args: &SoakArgs) -> anyhow::Result<()> {
    let seconds = |s: f64| {
        Duration::try_from_secs_f64(s).with_context(|| format!("invalid number of seconds {s}"))
    };
    let options = SoakOptions {
        duration: Duration::from_secs(args.seconds),
        photos: args.images.clone(),
        faults: FaultPlan {
            kill_every: args.kill_workers_every.map(seconds).transpose()?,
            stop_for: args.stop_workers_for.map(seconds).transpose()?,
        },
        transition: {
            let request = crate::transitions::TransitionRequest::built_in(&args.transition);
            request.check_without_files().map_err(anyhow::Error::msg)?;
            request
        },
        rung: args.rung,
        screensaver: args.screensaver,
        same_photo: args.same_photo,
        visualizer: args.visualizer,
        panel: args.panel,
        changes: args.changes.clone(),
    };
    let report = soak::run(&options)?;
    super::print_json(&report, args.json)
}
