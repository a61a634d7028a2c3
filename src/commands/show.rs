//! `framewave [show]`: the windowed slideshow.

use std::time::Duration;

use anyhow::Context as _;

use crate::app::{self, ShowOptions};
use crate::cli::{ShowArgs, SourceArgs};
use crate::library::LibraryConfig;
use crate::photos::{self, PhotoFilter};
use crate::slideshow::Timing;
use crate::transitions::{TransitionRequest, user};

/// The slideshow's first guess at a transition's length; each run then says its own.
const DEFAULT_TRANSITION: Duration = Duration::from_millis(1500);

pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    let seconds = |s: f32, what| {
        Duration::try_from_secs_f32(s).with_context(|| format!("invalid {what} time {s}"))
    };
    let transitions = TransitionRequest {
        name: args.transition.clone(),
        pool: args.transitions.clone(),
        user_dir: args
            .user_transitions
            .transitions_dir
            .clone()
            .or_else(user::default_dir),
    };
    transitions
        .check_without_files()
        .map_err(anyhow::Error::msg)?;
    let transition_secs = args
        .transition_secs
        .map(|s| seconds(s, "transition"))
        .transpose()?;
    app::run(
        ShowOptions {
            library: library_config(&args.source, !args.no_watch)?,
            timing: Timing {
                display: seconds(args.display_secs, "display")?,
                transition: transition_secs.unwrap_or(DEFAULT_TRANSITION),
            },
            transitions,
            transition_secs,
            window_size: args.size,
            fit: args.fit.into(),
            restart: Default::default(),
            job_deadline: job_deadline(args.job_deadline_secs)?,
            worker_args: args
                .worker_fault
                .iter()
                .flat_map(|fault| ["--fault".to_string(), fault.clone()])
                .collect(),
            ken_burns: args.ken_burns,
            rung: args.rung,
            gpu_fault: args.inject_gpu_fault,
            max_fps: args.max_fps,
            perf_log: args.perf_log.clone(),
            photo_cache: true,
        },
        None,
    )
}

/// Under a second would judge healthy workers hung on ordinary photos.
fn job_deadline(secs: f32) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        secs >= 1.0 && secs.is_finite(),
        "--job-deadline-secs must be at least 1 (got {secs})"
    );
    Ok(Duration::from_secs_f32(secs))
}

/// The library configuration the command line asks for. A folder named by mistake is said at
/// once; the photos in the folders are searched for in the background.
pub fn library_config(args: &SourceArgs, watch: bool) -> anyhow::Result<LibraryConfig> {
    let roots = if args.photos.is_empty() {
        vec![photos::bundled_dir()]
    } else {
        args.photos.clone()
    };
    for root in &roots {
        let metadata = std::fs::metadata(root)
            .with_context(|| format!("cannot read the photo folder {}", root.display()))?;
        anyhow::ensure!(metadata.is_dir(), "{} is not a folder", root.display());
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    Ok(LibraryConfig {
        roots,
        filter: PhotoFilter::new(&args.include, &args.exclude).context("invalid pattern")?,
        order: args.order.into(),
        seed,
        watch,
    })
}
