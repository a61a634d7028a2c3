//! `framewave scan`: searches photo folders exactly as the slideshow's library thread does, then
//! deals one full round of them as a show would, and reports how many photos it found, how
//! long that took, and how much the process grew for the list: the one cost of a photo
//! collection the UI carries.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::Serialize;

use super::show::{Sources, library_config};
use crate::cli::ScanArgs;
use crate::library::{LibraryFeed, PhotoSource as _};
use crate::procfs::resident_bytes;

#[derive(Debug, Serialize)]
struct ScanReport {
    photos: u64,
    /// The search.
    seconds: f64,
    /// Dealing every photo once, as a round of the show.
    round_seconds: f64,
    rss_before_bytes: u64,
    rss_after_search_bytes: u64,
    rss_after_round_bytes: u64,
    /// The larger resident memory growth (after the search, or after the round) per photo.
    bytes_per_photo: f64,
}

pub fn run(args: &ScanArgs) -> anyhow::Result<()> {
    let source = &args.source;
    let sources = Sources {
        photos: &source.photos,
        include: &source.include,
        exclude: &source.exclude,
        order: source.order.unwrap_or(crate::cli::OrderArg::Shuffle),
    };
    let config = library_config(&sources, false)?;
    let rss_before = resident_bytes().context("cannot read /proc/self/statm")?;
    let start = Instant::now();
    let feed = LibraryFeed::start(config).context("cannot start the photo search")?;
    // A one-shot tool may wait; the render loop only ever reads this status.
    while !feed.status().searched_once() {
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = start.elapsed().as_secs_f64();
    let photos = feed.status().found();
    let rss_after_search = resident_bytes().context("cannot read /proc/self/statm")?;
    let round_start = Instant::now();
    let mut feed = feed;
    for _ in 0..photos {
        while feed.next_photo().is_none() {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    let round_seconds = round_start.elapsed().as_secs_f64();
    let rss_after_round = resident_bytes().context("cannot read /proc/self/statm")?;
    let growth = rss_after_search
        .max(rss_after_round)
        .saturating_sub(rss_before);
    let report = ScanReport {
        photos,
        seconds,
        round_seconds,
        rss_before_bytes: rss_before,
        rss_after_search_bytes: rss_after_search,
        rss_after_round_bytes: rss_after_round,
        bytes_per_photo: growth as f64 / photos.max(1) as f64,
    };
    super::print_json(&report, args.json)
}
