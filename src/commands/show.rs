//! `framewave [show]`: the windowed slideshow.

use std::time::Duration;

use anyhow::Context as _;

use crate::app::{self, ShowOptions};
use crate::cli::ShowArgs;
use crate::photos::{self, PhotoFilter};
use crate::slideshow::Timing;

pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    let roots = if args.photos.is_empty() {
        vec![photos::bundled_dir()]
    } else {
        args.photos.clone()
    };
    let filter = PhotoFilter::new(&args.include, &args.exclude).context("invalid pattern")?;
    let mut playlist = Vec::new();
    for root in &roots {
        let found = photos::scan(root, &filter)
            .with_context(|| format!("cannot read the photo folder {}", root.display()))?;
        tracing::info!(photos = found.len(), folder = %root.display(), "found photos");
        playlist.extend(found);
    }
    anyhow::ensure!(!playlist.is_empty(), "no photos found in {roots:?}");
    let seconds = |s: f32, what| {
        Duration::try_from_secs_f32(s).with_context(|| format!("invalid {what} time {s}"))
    };
    app::run(
        ShowOptions {
            playlist,
            order: args.order.into(),
            source_roots: roots,
            timing: Timing {
                display: seconds(args.display_secs, "display")?,
                transition: seconds(args.transition_secs, "transition")?,
            },
            window_size: args.size,
            fit: args.fit.into(),
            restart: Default::default(),
        },
        None,
    )
}
