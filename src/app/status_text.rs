//! What the show says on screen about its state: search progress, or, when there is no photo
//! to show, why, in one plain sentence.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::render::OverlayText;
use crate::supervisor::{WorkerState, WorkerStatus};

/// A search shorter than this is not worth a caption: it would only flicker.
const QUIET_SEARCH: Duration = Duration::from_millis(500);
/// How long the screen may stay dark, waiting for the first photo, before it says why.
const FIRST_PHOTO_PATIENCE: Duration = Duration::from_secs(4);

/// The photo search as the render loop sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchProgress {
    pub searching: bool,
    pub found: u64,
    /// Since the show started.
    pub elapsed: Duration,
}

/// What the show knows about itself at a frame.
#[derive(Debug, Clone, Copy)]
pub struct ShowState<'a> {
    pub search: SearchProgress,
    pub photo_on_screen: bool,
    /// Photos that could not be shown so far.
    pub photos_failed: u64,
    pub roots: &'a [PathBuf],
    /// The latest status of every decode worker.
    pub workers: &'a [WorkerStatus],
}

/// The text to draw over the show, if any.
pub fn status_text(state: &ShowState<'_>) -> Option<OverlayText> {
    let search = state.search;
    let decoding_lost = !state.workers.is_empty()
        && state
            .workers
            .iter()
            .all(|w| w.state == WorkerState::GivenUp);
    if decoding_lost {
        let sentence = "Photos cannot be prepared: the photo decoder keeps failing (see the log)";
        return Some(if state.photo_on_screen {
            OverlayText::Caption(format!("{sentence}; showing the photos already prepared."))
        } else {
            OverlayText::Notice(format!("{sentence}."))
        });
    }
    if search.searching {
        return (search.elapsed >= QUIET_SEARCH).then(|| {
            let found = thousands(search.found);
            let noun = if search.found == 1 { "photo" } else { "photos" };
            OverlayText::Caption(format!("Looking for photos… {found} {noun} found"))
        });
    }
    if state.photo_on_screen {
        return None;
    }
    if search.found == 0 {
        let folders: Vec<_> = state
            .roots
            .iter()
            .map(|r| r.display().to_string())
            .collect();
        return Some(OverlayText::Notice(format!(
            "No photos to show in {}",
            folders.join(", ")
        )));
    }
    if state.photos_failed >= search.found {
        let noun = if search.found == 1 { "photo" } else { "photos" };
        return Some(OverlayText::Notice(format!(
            "None of the {} {noun} found could be shown (the log says why).",
            thousands(search.found)
        )));
    }
    (search.elapsed >= FIRST_PHOTO_PATIENCE)
        .then(|| OverlayText::Notice(why_waiting(state.workers)))
}

/// Why the first photo has not come yet.
fn why_waiting(workers: &[WorkerStatus]) -> String {
    let slowest = workers
        .iter()
        .filter_map(|w| w.job.as_ref())
        .max_by_key(|job| job.age);
    let any = |state: WorkerState| workers.iter().any(|w| w.state == state);
    match slowest {
        Some(job) if job.age >= FIRST_PHOTO_PATIENCE => format!(
            "Waiting for {} to be read ({} s so far); other photos come next.",
            file_name(&job.subject),
            job.age.as_secs()
        ),
        _ if any(WorkerState::Running) => "Preparing the first photo…".to_string(),
        _ if any(WorkerState::Restarting) => {
            "The photo decoder is restarting after a failure; photos will follow.".to_string()
        }
        _ => "Starting the photo decoder…".to_string(),
    }
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(
        || path.to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// 12345 → "12,345".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supervisor::JobStatus;

    fn search(searching: bool, found: u64, millis: u64) -> SearchProgress {
        SearchProgress {
            searching,
            found,
            elapsed: Duration::from_millis(millis),
        }
    }

    fn worker(state: WorkerState, job: Option<(&str, u64)>) -> WorkerStatus {
        WorkerStatus {
            kind: "decode",
            id: 0,
            pid: None,
            state,
            restarts: 0,
            heartbeat_age: None,
            jobs_done: 0,
            jobs_failed: 0,
            job: job.map(|(subject, secs)| JobStatus {
                subject: subject.into(),
                age: Duration::from_secs(secs),
            }),
            started_at: None,
        }
    }

    fn text(
        search: SearchProgress,
        on_screen: bool,
        workers: &[WorkerStatus],
    ) -> Option<OverlayText> {
        let roots = [PathBuf::from("/a"), PathBuf::from("/b")];
        status_text(&ShowState {
            search,
            photo_on_screen: on_screen,
            photos_failed: 0,
            roots: &roots,
            workers,
        })
    }

    #[test]
    fn a_long_search_shows_its_count_and_a_short_one_shows_nothing() {
        assert_eq!(text(search(true, 5, 100), false, &[]), None);
        assert_eq!(
            text(search(true, 12_345, 800), true, &[]),
            Some(OverlayText::Caption(
                "Looking for photos… 12,345 photos found".into()
            ))
        );
        assert_eq!(text(search(false, 12_345, 900), true, &[]), None);
    }

    #[test]
    fn an_empty_folder_says_so_in_the_middle_of_the_screen() {
        assert_eq!(
            text(search(false, 0, 50), false, &[]),
            Some(OverlayText::Notice("No photos to show in /a, /b".into()))
        );
        // Photos that all went away while one is still up: keep showing it quietly.
        assert_eq!(text(search(false, 0, 50), true, &[]), None);
    }

    #[test]
    fn a_dark_screen_says_why_after_a_few_seconds() {
        let running = [worker(WorkerState::Running, Some(("/a/stalled.jpg", 9)))];
        assert_eq!(text(search(false, 3, 1000), false, &running), None);
        assert_eq!(
            text(search(false, 3, 10_000), false, &running),
            Some(OverlayText::Notice(
                "Waiting for stalled.jpg to be read (9 s so far); other photos come next.".into()
            ))
        );
        let notice = |workers: &[WorkerStatus]| match text(search(false, 3, 10_000), false, workers)
        {
            Some(OverlayText::Notice(notice)) => notice,
            other => panic!("expected a notice, got {other:?}"),
        };
        let restarting = [worker(WorkerState::Restarting, None)];
        assert!(notice(&restarting).contains("restarting"));
        let first_start = [worker(WorkerState::Starting, None)];
        assert!(notice(&first_start).contains("Starting the photo decoder"));
    }

    #[test]
    fn photos_that_all_failed_are_said_to_have_failed() {
        let roots = [PathBuf::from("/a")];
        let state = ShowState {
            search: search(false, 2, 100),
            photo_on_screen: false,
            photos_failed: 2,
            roots: &roots,
            workers: &[],
        };
        assert_eq!(
            status_text(&state),
            Some(OverlayText::Notice(
                "None of the 2 photos found could be shown (the log says why).".into()
            ))
        );
    }

    #[test]
    fn decoding_given_up_is_said_over_a_dark_screen_or_the_photos_replayed() {
        let given_up = [
            worker(WorkerState::GivenUp, None),
            worker(WorkerState::GivenUp, None),
        ];
        let dark = text(search(false, 3, 100), false, &given_up);
        assert!(matches!(dark, Some(OverlayText::Notice(n)) if n.contains("keeps failing")));
        let replaying = text(search(false, 3, 100), true, &given_up);
        assert!(
            matches!(replaying, Some(OverlayText::Caption(c)) if c.contains("already prepared"))
        );
        let one_left = [
            worker(WorkerState::GivenUp, None),
            worker(WorkerState::Running, None),
        ];
        assert_eq!(text(search(false, 3, 100), true, &one_left), None);
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
