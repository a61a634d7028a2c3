//! `framewave [show]`: the windowed slideshow.

use std::time::Duration;

use anyhow::Context as _;

use crate::app::{self, ShowOptions};
use crate::cli::ShowArgs;
use crate::photos;
use crate::slideshow::Timing;

pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    let dir = args.photos.clone().unwrap_or_else(photos::bundled_dir);
    let playlist =
        photos::list(&dir).with_context(|| format!("cannot list photos in {}", dir.display()))?;
    anyhow::ensure!(!playlist.is_empty(), "no photos found in {}", dir.display());
    tracing::info!(photos = playlist.len(), dir = %dir.display(), "starting the slideshow");
    let seconds = |s: f32, what| {
        Duration::try_from_secs_f32(s).with_context(|| format!("invalid {what} time {s}"))
    };
    app::run(
        ShowOptions {
            playlist,
            source_roots: vec![dir],
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
