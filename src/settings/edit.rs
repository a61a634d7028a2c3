//! Writing what the panel changed into the settings file, and nothing else: each changed key
//! goes where it takes effect (the use's own section when it sets that key, else the top),
//! and every other line — keys a newer framewave wrote, the other use's section, comments —
//! stays as it was written.

use super::{Mode, Settings};

/// The keys whose values differ between `before` and `after`, with their new values; an error
/// when the settings cannot be written as TOML (a folder whose name is not Unicode).
pub fn changed_keys(
    before: &Settings,
    after: &Settings,
) -> Result<Vec<(String, toml::Value)>, toml::ser::Error> {
    let before = toml::Table::try_from(before)?;
    let after = toml::Table::try_from(after)?;
    Ok(after
        .into_iter()
        .filter(|(key, value)| before.get(key) != Some(value))
        .collect())
}

/// `text` (the file as it is; empty if there is none) with `changes` written in for `mode`.
pub fn edited(
    text: &str,
    mode: Mode,
    changes: &[(String, toml::Value)],
) -> Result<String, toml_edit::TomlError> {
    let mut document: toml_edit::DocumentMut = text.parse()?;
    for (key, value) in changes {
        let item = item_of(key, value)?;
        let section = document
            .get_mut(mode.section())
            .and_then(toml_edit::Item::as_table_like_mut)
            .filter(|section| section.contains_key(key));
        match section {
            Some(section) => set(section, key, item),
            None => set(document.as_table_mut(), key, item),
        }
    }
    Ok(document.to_string())
}

/// `key` set to `item` in `table`; a value replaced keeps the comments around it (the lines
/// above its key, one after it on its line).
fn set(table: &mut dyn toml_edit::TableLike, key: &str, item: toml_edit::Item) {
    match (table.get_mut(key), item) {
        (Some(toml_edit::Item::Value(old)), toml_edit::Item::Value(mut new)) => {
            *new.decor_mut() = old.decor().clone();
            *old = new;
        }
        (_, item) => {
            table.insert(key, item);
        }
    }
}

/// `value` as toml_edit holds it, written as the `toml` crate writes it.
fn item_of(key: &str, value: &toml::Value) -> Result<toml_edit::Item, toml_edit::TomlError> {
    let mut one = toml::Table::new();
    one.insert(key.to_owned(), value.clone());
    let text = toml::to_string(&one).unwrap_or_default();
    let document: toml_edit::DocumentMut = text.parse()?;
    Ok(document.get(key).cloned().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::load;

    const FILE: &str = "\
# My slideshow.
display_secs = 9.0 # long enough to look
future_key = \"from a newer framewave\"

[screensaver]
fit = \"fit\"
future_section_key = 3

[window]
ken_burns = true
";

    fn changed(edit: impl FnOnce(&mut Settings)) -> Vec<(String, toml::Value)> {
        let before = Settings::defaults(Mode::Screensaver);
        let mut after = before.clone();
        edit(&mut after);
        changed_keys(&before, &after).unwrap()
    }

    #[test]
    fn only_what_changed_is_written_and_everything_else_kept() {
        let changes = changed(|s| {
            s.display_secs = 12.0;
            s.clock = true;
        });
        assert_eq!(changes.len(), 2);
        let text = edited(FILE, Mode::Screensaver, &changes).unwrap();
        for kept in [
            "# My slideshow.",
            "display_secs = 12.0 # long enough to look",
            "future_key = \"from a newer framewave\"",
            "future_section_key = 3",
            "fit = \"fit\"",
            "[window]\nken_burns = true",
        ] {
            assert!(text.contains(kept), "{kept:?} kept in:\n{text}");
        }
        assert!(text.contains("display_secs = 12.0"), "{text}");
        assert!(text.contains("clock = true"), "{text}");
    }

    #[test]
    fn a_key_the_section_sets_is_changed_in_the_section() {
        let changes = changed(|s| s.fit = crate::cli::FitArg::FitNoUpscale);
        let text = edited(FILE, Mode::Screensaver, &changes).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, &text).unwrap();
        let loaded = load(&path, Mode::Screensaver);
        assert_eq!(
            loaded.settings.fit,
            crate::cli::FitArg::FitNoUpscale,
            "{text}"
        );
        // Written once, in the section: the top-level has no `fit` to shadow it.
        assert_eq!(text.matches("fit =").count(), 1, "{text}");
        // The window's use is untouched.
        assert_eq!(
            load(&path, Mode::Window).settings.fit,
            crate::cli::FitArg::Fill
        );
    }

    #[test]
    fn every_setting_round_trips_through_the_file() {
        let mut after = Settings::defaults(Mode::Window);
        after.photos = vec!["/home/me/Pictures".into()];
        after.include = vec!["**/*.jpg".into()];
        after.transition = "wipe".into();
        after.transitions = vec!["wipe".into(), "crossfade".into()];
        after.transition_tweaks.insert(
            "wipe".into(),
            crate::settings::TransitionTweak {
                easing: Some("linear".into()),
                params: [("softness".to_owned(), "0.2".to_owned())].into(),
            },
        );
        after.visualizer = crate::visualizer::Mode::Radial;
        after.clock_anchor = crate::overlays::Anchor::Bottom;
        after.captions = crate::overlays::CaptionChoice::Date;
        after.dim = 0.3;
        after.decode_workers = 3;
        after.present_mode = crate::settings::PresentChoice::Mailbox;
        let changes = changed_keys(&Settings::defaults(Mode::Window), &after).unwrap();
        let text = edited("", Mode::Window, &changes).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, &text).unwrap();
        let loaded = load(&path, Mode::Window);
        assert!(loaded.said.is_empty(), "{:?}\n{text}", loaded.said);
        assert_eq!(loaded.settings, after, "{text}");
    }
}
