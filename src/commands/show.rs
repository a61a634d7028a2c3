//! `framewave [show]`: the windowed slideshow.

use std::time::Duration;

use anyhow::Context as _;

use crate::app::{self, ShowOptions};
use crate::cli::ShowArgs;
use crate::library::LibraryConfig;
use crate::photos::{self, PhotoFilter};
use crate::slideshow::Timing;

pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    let roots = if args.photos.is_empty() {
        vec![photos::bundled_dir()]
    } else {
        args.photos.clone()
    };
    // A folder named by mistake is said at once; its photos are searched for in the background.
    for root in &roots {
        let metadata = std::fs::metadata(root)
            .with_context(|| format!("cannot read the photo folder {}", root.display()))?;
        anyhow::ensure!(metadata.is_dir(), "{} is not a folder", root.display());
    }
    let filter = PhotoFilter::new(&args.include, &args.exclude).context("invalid pattern")?;
    let seconds = |s: f32, what| {
        Duration::try_from_secs_f32(s).with_context(|| format!("invalid {what} time {s}"))
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    app::run(
        ShowOptions {
            library: LibraryConfig {
                roots,
                filter,
                order: args.order.into(),
                seed,
                watch: !args.no_watch,
            },
            timing: Timing {
                display: seconds(args.display_secs, "display")?,
                transition: seconds(args.transition_secs, "transition")?,
            },
            window_size: args.size,
            fit: args.fit.into(),
            restart: Default::default(),
            ken_burns: args.ken_burns,
        },
        None,
    )
}
