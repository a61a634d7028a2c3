//! Reading the settings file tolerantly: each key is taken on its own, so one bad value costs
//! only that value.

use std::path::{Path, PathBuf};

use serde::Deserialize as _;

use super::{Mode, Settings, keep_aside};

/// The settings for one use, and what was said about the file while reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// One line per problem (an unknown key, a bad value, a value clamped, a file kept aside).
    pub said: Vec<String>,
}

/// The settings in `path` for `mode`: its common keys, then its section for the mode, over
/// the mode's defaults. A missing file is the defaults, silently.
pub fn load(path: &Path, mode: Mode) -> Loaded {
    let defaults = Settings::defaults(mode);
    let unchanged = |said| Loaded {
        settings: defaults.clone(),
        said,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return unchanged(Vec::new()),
        Err(e) => {
            return unchanged(vec![format!(
                "cannot read the settings file {}: {e}; using the defaults",
                path.display()
            )]);
        }
    };
    let file: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(e) => {
            let kept = match keep_aside(path) {
                Ok(aside) => format!("kept aside as {}", aside.display()),
                Err(e) => format!("it could not be kept aside: {e}"),
            };
            let why = e.to_string().lines().next().unwrap_or_default().to_owned();
            return unchanged(vec![format!(
                "the settings file {} cannot be read as TOML ({why}); {kept}; using the defaults",
                path.display()
            )]);
        }
    };
    let mut merged = toml::Table::try_from(&defaults).expect("the defaults are a table");
    let mut said = Vec::new();
    apply(&mut merged, &file, "", &mut said);
    for section in [Mode::Screensaver, Mode::Window] {
        let name = section.section();
        match file.get(name) {
            None => {}
            Some(toml::Value::Table(keys)) if section == mode => {
                apply(&mut merged, keys, &format!("[{name}] "), &mut said);
            }
            // The other use's section: only checked, so its mistakes are said too.
            Some(toml::Value::Table(keys)) => {
                let mut scratch = toml::Table::try_from(Settings::defaults(section))
                    .expect("the defaults are a table");
                apply(&mut scratch, keys, &format!("[{name}] "), &mut said);
            }
            Some(other) => said.push(format!("[{name}] must be a section, not {other}; ignored")),
        }
    }
    let settings = Settings::deserialize(merged).unwrap_or_else(|e| {
        said.push(format!(
            "the settings cannot be taken together ({e}); using the defaults"
        ));
        defaults.clone()
    });
    let (settings, clamped) = settings.clamped(&path.display().to_string());
    said.extend(clamped);
    Loaded { settings, said }
}

/// Takes each of `keys` into `merged` that is known and of the right kind; says the rest.
fn apply(merged: &mut toml::Table, keys: &toml::Table, prefix: &str, said: &mut Vec<String>) {
    for (key, value) in keys {
        let is_section = prefix.is_empty() && matches!(key.as_str(), "screensaver" | "window");
        if is_section {
            continue;
        }
        let Some(current) = merged.get(key).cloned() else {
            said.push(format!("unknown setting {prefix}{key}; ignored"));
            continue;
        };
        let mut trial = merged.clone();
        trial.insert(key.clone(), value.clone());
        match Settings::deserialize(trial) {
            Ok(_) => {
                merged.insert(key.clone(), value.clone());
            }
            Err(e) => said.push(format!(
                "setting {prefix}{key} = {value}: {}; keeping {current}",
                e.message()
            )),
        }
    }
}

/// The file the settings are read from: the one given, or the platform's.
pub fn path_or_default(given: Option<&Path>) -> Option<PathBuf> {
    given.map(Path::to_path_buf).or_else(super::default_path)
}
