//! The photo library thread against real folders: it deals photos while it searches, picks up
//! photos added and removed while the show runs, and orders by date taken.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use framewave::library::{LibraryConfig, LibraryFeed, Order, PhotoRef, PhotoSource};
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
        dates: false,
    })
    .unwrap()
}

fn dealt(feed: &mut LibraryFeed) -> PhotoRef {
    common::wait_for("a photo dealt", LIMIT, || feed.next_photo())
}

fn next(feed: &mut LibraryFeed) -> PathBuf {
    dealt(feed).path
}

fn wait_for_search(feed: &LibraryFeed) {
    common::wait_for("the first search", LIMIT, || {
        feed.status().searched_once().then_some(())
    });
}

/// Takes photos as the show would until the list holds `count`.
fn wait_for_count(feed: &mut LibraryFeed, what: &str, count: usize) {
    common::wait_for(what, LIMIT, || {
        let _ = feed.next_photo();
        (feed.len() == count).then_some(())
    });
}

/// The photos dealt once those queued before a change (at most the queue and one staged) have
/// drained: `count` of them, as a set.
fn dealt_after_the_queue(feed: &mut LibraryFeed, count: usize) -> HashSet<PathBuf> {
    (0..10 + count).map(|_| next(feed)).skip(10).collect()
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
    let first = dealt(&mut feed);
    assert_eq!(first.path, root.join("a.jpg"));
    let stamp = first.stamp.expect("stamped");
    assert_eq!(stamp.len, "a.jpg".len() as u64);
    let rest: Vec<_> = (0..4).map(|_| next(&mut feed)).collect();
    assert_eq!(names(&rest), ["c.jpg", "b.png", "a.jpg", "c.jpg"]);
    wait_for_search(&feed);
    assert_eq!(feed.len(), 3);
}

#[test]
fn a_rejected_photo_is_left_out_until_its_file_changes() {
    let root = folder("reject");
    for name in ["bad.jpg", "good.jpg"] {
        std::fs::write(root.join(name), name).unwrap();
    }
    let mut feed = start(&root, Order::ByName, true);
    let bad = dealt(&mut feed);
    assert_eq!(bad.path, root.join("bad.jpg"));
    wait_for_search(&feed);
    feed.reject(bad);
    wait_for_count(&mut feed, "the rejection", 1);
    // Whatever was already queued drains; after that only the good photo comes.
    let later = dealt_after_the_queue(&mut feed, 2);
    assert_eq!(later, HashSet::from([root.join("good.jpg")]));
    // Fixed (say, its copy finished): it is back in the show.
    std::fs::write(root.join("bad.jpg"), "a whole photo now").unwrap();
    wait_for_count(&mut feed, "the photo back", 2);
}

#[test]
fn photos_added_and_removed_while_running_are_picked_up() {
    let root = folder("watch");
    std::fs::write(root.join("first.jpg"), "1").unwrap();
    let mut feed = start(&root, Order::Shuffle, true);
    assert_eq!(next(&mut feed), root.join("first.jpg"));
    wait_for_search(&feed);
    std::fs::create_dir(root.join("new album")).unwrap();
    std::fs::write(root.join("new album/second.jpg"), "2").unwrap();
    std::fs::write(root.join("third.png"), "3").unwrap();
    wait_for_count(&mut feed, "the new photos", 3);
    std::fs::remove_file(root.join("first.jpg")).unwrap();
    std::fs::remove_dir_all(root.join("new album")).unwrap();
    wait_for_count(&mut feed, "the removals", 1);
    let later = dealt_after_the_queue(&mut feed, 10);
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
    let before = dealt(&mut feed);
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
    wait_for_count(&mut feed, "b.jpg dropped", 1);
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
    let output = common::command()
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
