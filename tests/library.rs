//! The photo library thread against real folders: it deals photos while it searches, picks up
//! photos added and removed while the show runs, and orders by date taken.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use framewave::library::{LibraryConfig, LibraryFeed, Order, PhotoSource};
use framewave::photos::PhotoFilter;

const LIMIT: Duration = Duration::from_secs(30);

fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("library-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn start(root: &Path, order: Order, watch: bool) -> LibraryFeed {
    LibraryFeed::start(LibraryConfig {
        roots: vec![root.to_path_buf()],
        filter: PhotoFilter::default(),
        order,
        seed: 3,
        watch,
    })
    .unwrap()
}

fn next(feed: &mut LibraryFeed) -> PathBuf {
    common::wait_for("a photo dealt", LIMIT, || feed.next_photo()).path
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn deals_every_photo_in_name_order_with_its_file_stamp() {
    let root = folder("by-name");
    for name in ["c.jpg", "a.jpg", "sub/b.png", "notes.txt"] {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, name).unwrap();
    }
    let mut feed = start(&root, Order::ByName, false);
    let first = common::wait_for("a photo dealt", LIMIT, || feed.next_photo());
    assert_eq!(first.path, root.join("a.jpg"));
    let stamp = first.stamp.expect("stamped");
    assert_eq!(stamp.len, "a.jpg".len() as u64);
    let rest: Vec<_> = (0..4).map(|_| next(&mut feed)).collect();
    assert_eq!(names(&rest), ["c.jpg", "b.png", "a.jpg", "c.jpg"]);
    common::wait_for("the search to end", LIMIT, || {
        feed.status().searched_once().then_some(())
    });
    assert_eq!(feed.len(), 3);
}

#[test]
fn a_rejected_photo_is_left_out_until_its_file_changes() {
    let root = folder("reject");
    for name in ["bad.jpg", "good.jpg"] {
        std::fs::write(root.join(name), name).unwrap();
    }
    let mut feed = start(&root, Order::ByName, true);
    let bad = common::wait_for("a photo dealt", LIMIT, || feed.next_photo());
    assert_eq!(bad.path, root.join("bad.jpg"));
    common::wait_for("the search", LIMIT, || {
        feed.status().searched_once().then_some(())
    });
    feed.reject(bad);
    common::wait_for("the rejection", LIMIT, || (feed.len() == 1).then_some(()));
    // Whatever was already queued drains; after that only the good photo comes.
    let later: HashSet<_> = (0..12).map(|_| next(&mut feed)).skip(10).collect();
    assert_eq!(later, HashSet::from([root.join("good.jpg")]));
    // Fixed (say, its copy finished): it is back in the show.
    std::fs::write(root.join("bad.jpg"), "a whole photo now").unwrap();
    common::wait_for("the photo back", LIMIT, || {
        let _ = feed.next_photo();
        (feed.len() == 2).then_some(())
    });
}

#[test]
fn photos_added_and_removed_while_running_are_picked_up() {
    let root = folder("watch");
    std::fs::write(root.join("first.jpg"), "1").unwrap();
    let mut feed = start(&root, Order::Shuffle, true);
    assert_eq!(next(&mut feed), root.join("first.jpg"));
    common::wait_for("the search", LIMIT, || {
        feed.status().searched_once().then_some(())
    });
    std::fs::create_dir(root.join("new album")).unwrap();
    std::fs::write(root.join("new album/second.jpg"), "2").unwrap();
    std::fs::write(root.join("third.png"), "3").unwrap();
    common::wait_for("the new photos", LIMIT, || {
        let _ = feed.next_photo();
        (feed.len() == 3).then_some(())
    });
    std::fs::remove_file(root.join("first.jpg")).unwrap();
    std::fs::remove_dir_all(root.join("new album")).unwrap();
    common::wait_for("the removals", LIMIT, || {
        let _ = feed.next_photo();
        (feed.len() == 1).then_some(())
    });
    let later: HashSet<_> = (0..20).map(|_| next(&mut feed)).skip(10).collect();
    assert_eq!(later, HashSet::from([root.join("third.png")]));
}

#[test]
fn a_changed_photo_is_dealt_with_a_new_stamp_and_a_vanished_one_is_skipped() {
    let root = folder("stamps");
    for name in ["a.jpg", "b.jpg"] {
        std::fs::write(root.join(name), "old").unwrap();
    }
    // Not watching: only dealing can notice.
    let mut feed = start(&root, Order::ByName, false);
    let deal = |feed: &mut LibraryFeed| common::wait_for("a photo", LIMIT, || feed.next_photo());
    let before = deal(&mut feed);
    assert_eq!(before.path, root.join("a.jpg"));
    std::fs::write(root.join("a.jpg"), "a longer, newer photo").unwrap();
    std::fs::remove_file(root.join("b.jpg")).unwrap();
    // The queue holds photos dealt before the change; go round until "a" comes again fresh.
    let after = common::wait_for("a.jpg dealt again, changed", LIMIT, || {
        let photo = feed.next_photo()?;
        (photo.path == before.path && photo.stamp != before.stamp).then_some(photo)
    });
    assert_eq!(
        after.stamp.unwrap().len,
        "a longer, newer photo".len() as u64
    );
    common::wait_for("b.jpg dropped", LIMIT, || {
        let _ = feed.next_photo();
        (feed.len() == 1).then_some(())
    });
}

#[test]
fn by_date_follows_the_exif_date_taken() {
    let root = folder("by-date");
    // Named against their dates, so name order would be wrong.
    for (name, date) in [
        ("a-newest.jpg", "2021:06:01 12:00:00"),
        ("b-oldest.jpg", "1999:12:31 23:59:59"),
        ("c-middle.jpg", "2010:01:01 08:30:00"),
    ] {
        std::fs::write(root.join(name), common::exif::jpeg_taken_at(date)).unwrap();
    }
    let mut feed = start(&root, Order::ByDate, false);
    let shown: Vec<_> = (0..3).map(|_| next(&mut feed)).collect();
    assert_eq!(
        names(&shown),
        ["b-oldest.jpg", "c-middle.jpg", "a-newest.jpg"]
    );
}

/// The UI carries the photo list and nothing else per photo: 100,000 files, with names as long
/// as cameras and people make them, cost at most 200 bytes each of resident memory.
#[test]
fn a_hundred_thousand_photos_cost_at_most_200_bytes_each() {
    let root = folder("hundred-thousand");
    for album in 0..100 {
        let dir = root.join(format!(
            "{}/{:03} Summer holiday in Brittany",
            2000 + album / 10,
            album
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for shot in 0..1000 {
            std::fs::File::create(dir.join(format!("IMG_2019071{album:03}_{shot:06}.jpg")))
                .unwrap();
        }
    }
    let output = std::process::Command::new(common::exe())
        .args(["scan", "--json", "--order", "by-name", "--photos"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["photos"], 100_000);
    let per_photo = report["bytes_per_photo"].as_f64().unwrap();
    assert!(per_photo <= 200.0, "{per_photo} bytes per photo");
    std::fs::remove_dir_all(root).unwrap();
}
