//! `framewave prescale`: one photo through a real decode worker process, written as a PNG.

use std::time::Duration;

use anyhow::Context as _;

use crate::cli::PrescaleArgs;
use crate::decode::{DecodeConfig, DecodeEvent, DecodeJob, DecodeService};

/// Generous: a huge photo on a slow machine, plus a worker restart or two.
const TIMEOUT: Duration = Duration::from_secs(120);

pub fn run(args: &PrescaleArgs) -> anyhow::Result<()> {
    let (width, height) = args.size;
    let mut config = DecodeConfig::new(std::env::current_exe()?, (width, height));
    config.slots_per_worker = 1;
    config.pool.workers = 1;
    let service = DecodeService::start(config)?;
    service.submit(DecodeJob {
        request_id: 1,
        path: args.input.clone(),
        width,
        height,
        fit: args.fit.into(),
    });
    let event = service
        .wait_event(TIMEOUT)
        .with_context(|| format!("{}: no answer from the decode worker", args.input.display()))?;
    let pixels = match event {
        DecodeEvent::Ready { frame, .. } => {
            let read = frame.read()?;
            let pixels = read.pixels().to_vec();
            anyhow::ensure!(read.still_valid(), "the frame changed while it was read");
            pixels
        }
        DecodeEvent::Failed { reason, .. } => anyhow::bail!("{reason}"),
    };
    service.shutdown();
    super::write_png(&args.out, &pixels, width, height)
}
