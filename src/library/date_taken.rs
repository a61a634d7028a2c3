//! When a photo was taken: its EXIF `DateTimeOriginal`, else its file's modification time.
//!
//! Read on the library thread: in the search for the by-date order, and as photos are dealt for
//! date captions. EXIF times carry no time zone; they are counted as if UTC, which is what a
//! camera's clock means to its owner.

use std::io::BufReader;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// TIFF readers load the whole file to find its EXIF; past this size the file time is used.
const MAX_TIFF_BYTES: u64 = 64 * 1024 * 1024;

/// Seconds since 1970 when the photo at `path` was taken; 0 if even its file time is unknown.
pub fn date_taken(path: &Path) -> i64 {
    let Ok(metadata) = std::fs::metadata(path) else {
        return 0;
    };
    let is_tiff = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tif") || e.eq_ignore_ascii_case("tiff"));
    let exif = (!is_tiff || metadata.len() <= MAX_TIFF_BYTES)
        .then(|| exif_date(path))
        .flatten();
    exif.or_else(|| {
        let modified = metadata.modified().ok()?;
        let since_epoch = modified.duration_since(UNIX_EPOCH).ok()?;
        i64::try_from(since_epoch.as_secs()).ok()
    })
    .unwrap_or(0)
}

fn exif_date(path: &Path) -> Option<i64> {
    let file = std::fs::File::open(path).ok()?;
    let exif = exif::Reader::new()
        .read_from_container(&mut BufReader::new(file))
        .ok()?;
    let field = [exif::Tag::DateTimeOriginal, exif::Tag::DateTime]
        .into_iter()
        .find_map(|tag| exif.get_field(tag, exif::In::PRIMARY))?;
    let exif::Value::Ascii(ref text) = field.value else {
        return None;
    };
    let date = exif::DateTime::from_ascii(text.first()?).ok()?;
    let days = days_from_civil(date.year.into(), date.month.into(), date.day.into())?;
    let seconds = date.hour as i64 * 3600 + date.minute as i64 * 60 + date.second as i64;
    Some(days * 86_400 + seconds)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_count_from_1970() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(2000, 3, 1), Some(11_017));
        assert_eq!(days_from_civil(2024, 2, 29), Some(19_782));
        assert_eq!(days_from_civil(2024, 13, 1), None);
    }

    #[test]
    fn a_file_without_exif_is_dated_by_its_modification_time() {
        let path = std::env::temp_dir().join(format!("framewave-date-{}.jpg", std::process::id()));
        std::fs::write(&path, b"not a jpeg").unwrap();
        let file_time = std::fs::metadata(&path).unwrap().modified().unwrap();
        let expected = file_time.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
        assert_eq!(date_taken(&path), expected);
        std::fs::remove_file(path).unwrap();
        assert_eq!(date_taken(Path::new("/nonexistent.jpg")), 0);
    }
}
