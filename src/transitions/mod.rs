//! The transition catalogue as data, with no GPU in sight: what each transition is called,
//! how long it takes, how it eases, what parameters it takes and its WGSL; which one comes
//! next. The renderer builds pipelines from it; the show chooses from it.

mod catalogue;
mod choice;
mod easing;
mod glsl;
mod naga_error;
mod param;
mod spec;
pub mod user;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use catalogue::{Catalogue, still};
pub use choice::{Chooser, Selection};
pub use easing::Easing;
pub use param::{ParamKind, ParamLayout, ParamSpec, Value, parse_color as param_color};
pub use spec::{Language, Origin, SpecError, TransitionSpec};

/// The built-ins plus the user's transitions from `dir` (or their default folder); the files
/// left out come back with why, for the caller to say once.
pub fn with_user_files(dir: Option<&Path>) -> (Catalogue, Vec<user::Rejected>) {
    let dir = dir.map(ToOwned::to_owned).or_else(user::default_dir);
    with_files_from(dir.as_deref())
}

/// The built-ins plus the transitions in `dir`, if any.
fn with_files_from(dir: Option<&Path>) -> (Catalogue, Vec<user::Rejected>) {
    let mut catalogue = Catalogue::built_in();
    let Some(dir) = dir else {
        return (catalogue, Vec::new());
    };
    let (specs, rejected) = user::load_dir(dir);
    for spec in specs {
        if catalogue.get(&spec.name).is_some() {
            tracing::warn!(
                "transition {} from {} replaces the built-in of that name",
                spec.name,
                spec.origin
            );
        }
        catalogue.add(spec);
    }
    (catalogue, rejected)
}

/// What the show was asked for, before any file is read: the transition by name (or
/// `random`), the random pool, and the folder of the user's own transitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRequest {
    pub name: String,
    /// Empty: every transition there is.
    pub pool: Vec<String>,
    /// `None`: the built-ins only.
    pub user_dir: Option<PathBuf>,
}

impl TransitionRequest {
    /// `name` from the built-ins alone (no user files).
    pub fn built_in(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            pool: Vec::new(),
            user_dir: None,
        }
    }

    /// Reads the user's files (blocking I/O: never on the render thread), then checks the
    /// names asked for; the files left out come back with why.
    ///
    /// A name whose file was left out never stops the show: it is dropped from a pool, and a
    /// single one gives way to the random pool of every transition, said once. A name no file
    /// has is a mistake, and an error.
    pub fn load(&self) -> (Result<(Catalogue, Selection), String>, Vec<user::Rejected>) {
        let (catalogue, rejected) = with_files_from(self.user_dir.as_deref());
        let left_out = |name: &str| {
            catalogue.get(name).is_none()
                && rejected
                    .iter()
                    .any(|r| r.path.file_stem().is_some_and(|stem| stem == name))
        };
        let mut name = self.name.as_str();
        if left_out(name) {
            tracing::warn!("transition {name} was left out; showing them all at random instead");
            name = "random";
        }
        let mut pool: Vec<String> = Vec::new();
        for wanted in &self.pool {
            let wanted = wanted.trim();
            if left_out(wanted) {
                tracing::warn!("transition {wanted} was left out of the pool");
            } else if !pool.iter().any(|n| n == wanted) {
                pool.push(wanted.to_owned());
            }
        }
        if pool.is_empty() && !self.pool.is_empty() {
            tracing::warn!("no transition of the pool is left; showing them all at random");
        }
        let selection = Selection::resolve(&catalogue, name, &pool);
        (selection.map(|s| (catalogue, s)), rejected)
    }

    /// A mistake that needs no file to see: a name that is not built in when there are no user
    /// files to find it among.
    pub fn check_without_files(&self) -> Result<(), String> {
        match self.user_dir {
            Some(_) => Ok(()),
            None => Selection::resolve(&Catalogue::built_in(), &self.name, &self.pool).map(drop),
        }
    }
}

/// One run of a transition: which, for how long, eased how, with which parameter values.
/// Constant from its first frame to its last.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionRun {
    pub name: String,
    pub duration: Duration,
    pub easing: Easing,
    /// One per parameter of the spec, in its order.
    pub values: Vec<Value>,
}

impl TransitionRun {
    /// `spec` with its default values, lasting `duration` (its own default if `None`).
    pub fn with_defaults(spec: &TransitionSpec, duration: Option<Duration>) -> Self {
        Self {
            name: spec.name.clone(),
            duration: duration.unwrap_or(spec.duration),
            easing: spec.easing,
            values: spec.params.iter().map(ParamSpec::default_value).collect(),
        }
    }

    /// Sets parameter `key` from `text` (`key=value` on the command line).
    pub fn set(&mut self, spec: &TransitionSpec, key: &str, text: &str) -> Result<(), String> {
        let index = spec
            .params
            .iter()
            .position(|p| p.name == key)
            .ok_or_else(|| {
                let known: Vec<&str> = spec.params.iter().map(|p| p.name.as_str()).collect();
                format!(
                    "{} has no parameter {key:?} (it has: {})",
                    spec.name,
                    known.join(", ")
                )
            })?;
        self.values[index] = spec.params[index].parse_value(text)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "fn transition(uv: vec2<f32>) -> vec4<f32> {\n    return to_color(uv);\n}\n";
    const BROKEN: &str = "fn transition(uv: vec2<f32>) -> vec4<f32> {\n    return;\n}\n";

    fn folder(test: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("framewave-req-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    fn request(dir: &Path, name: &str, pool: &[&str]) -> TransitionRequest {
        TransitionRequest {
            name: name.into(),
            pool: pool.iter().map(|n| n.to_string()).collect(),
            user_dir: Some(dir.to_owned()),
        }
    }

    #[test]
    fn a_file_left_out_never_stops_the_show_but_a_typo_is_an_error() {
        let dir = folder(
            "left-out",
            &[
                ("mine.wgsl", BROKEN),
                ("iris.wgsl", GOOD),
                (
                    "iris.glsl",
                    "vec4 transition(vec2 uv) { return getToColor(uv); }\n",
                ),
                ("random.wgsl", GOOD),
            ],
        );
        let (loaded, rejected) = request(&dir, "random", &["mine", "iris", "iris"]).load();
        let (catalogue, selection) = loaded.unwrap();
        assert_eq!(selection, Selection::Random(vec!["iris".into()]));
        // mine is broken, iris.wgsl repeats iris.glsl's name, random names the pool.
        assert_eq!(rejected.len(), 3, "{rejected:?}");
        assert!(catalogue.get("random").is_none());
        let (loaded, _) = request(&dir, "mine", &[]).load();
        assert!(matches!(loaded.unwrap().1, Selection::Random(pool) if pool.len() > 20));
        let (loaded, _) = request(&dir, "mien", &[]).load();
        assert!(loaded.unwrap_err().contains("no transition \"mien\""));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
