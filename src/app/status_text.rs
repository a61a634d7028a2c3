//! What the show says on screen about its photos: search progress, or why there is nothing.

use std::path::PathBuf;
use std::time::Duration;

use crate::render::OverlayText;

/// A search shorter than this is not worth a caption: it would only flicker.
const QUIET_SEARCH: Duration = Duration::from_millis(500);

/// The photo search as the render loop sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchProgress {
    pub searching: bool,
    pub found: u64,
    /// Since the show started.
    pub elapsed: Duration,
}

/// The text to draw over the show, if any.
pub fn status_text(
    search: SearchProgress,
    photo_on_screen: bool,
    roots: &[PathBuf],
) -> Option<OverlayText> {
    if search.searching {
        return (search.elapsed >= QUIET_SEARCH).then(|| {
            let found = thousands(search.found);
            let noun = if search.found == 1 { "photo" } else { "photos" };
            OverlayText::Caption(format!("Looking for photos… {found} {noun} found"))
        });
    }
    (search.found == 0 && !photo_on_screen).then(|| {
        let folders: Vec<_> = roots.iter().map(|r| r.display().to_string()).collect();
        OverlayText::Notice(format!("No photos to show in {}", folders.join(", ")))
    })
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

    fn search(searching: bool, found: u64, millis: u64) -> SearchProgress {
        SearchProgress {
            searching,
            found,
            elapsed: Duration::from_millis(millis),
        }
    }

    #[test]
    fn a_long_search_shows_its_count_and_a_short_one_shows_nothing() {
        let roots = [PathBuf::from("/photos")];
        assert_eq!(status_text(search(true, 5, 100), false, &roots), None);
        assert_eq!(
            status_text(search(true, 12_345, 800), true, &roots),
            Some(OverlayText::Caption(
                "Looking for photos… 12,345 photos found".into()
            ))
        );
        assert_eq!(status_text(search(false, 12_345, 900), true, &roots), None);
    }

    #[test]
    fn an_empty_folder_says_so_in_the_middle_of_the_screen() {
        let roots = [PathBuf::from("/a"), PathBuf::from("/b")];
        assert_eq!(
            status_text(search(false, 0, 50), false, &roots),
            Some(OverlayText::Notice("No photos to show in /a, /b".into()))
        );
        // Photos that all went away while one is still up: keep showing it quietly.
        assert_eq!(status_text(search(false, 0, 50), true, &roots), None);
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
