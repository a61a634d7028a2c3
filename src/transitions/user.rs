//! The user's own transitions: `.wgsl` files in their transitions folder, each written against
//! the same interface as the built-ins, and `.glsl` files of the gl-transitions collection
//! (translated in `glsl`). Every file is checked here, without a GPU (its header, then the
//! whole module through naga, the front end wgpu itself uses); a file that fails is left out
//! with one line naming the file, the line and the reason.

use std::fmt;
use std::path::{Path, PathBuf};

use super::spec::{Origin, TransitionSpec};

/// The largest transition file read.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

pub use super::param::MAX_PARAMS_BYTES;

/// The user's transitions folder: `transitions/` in the platform's config directory.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "framewave")
        .map(|dirs| dirs.config_dir().join("transitions"))
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub path: PathBuf,
    /// The line of the file at fault, when there is one.
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

/// Every `.wgsl` and `.glsl` file of `dir`, in name order: the ones that can be used, and the ones that
/// cannot. A folder that does not exist holds nothing.
pub fn load_dir(dir: &Path) -> (Vec<TransitionSpec>, Vec<Rejected>) {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        // Regular files only: a FIFO named like a transition would block the read.
        Ok(entries) => entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| {
                entry
                    .file_type()
                    .is_ok_and(|t| t.is_file() || t.is_symlink())
            })
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "wgsl" || e == "glsl"))
            .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file()))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            let rejected = Rejected {
                path: dir.to_owned(),
                line: None,
                reason: format!("cannot read the transitions folder: {e}"),
            };
            return (Vec::new(), vec![rejected]);
        }
    };
    paths.sort();
    let mut specs = Vec::new();
    let mut rejected = Vec::new();
    for path in paths {
        match load_file(&path) {
            // `fade.glsl` beside `fade.wgsl`: one name, two files; the first in name order wins.
            Ok(spec) if specs.iter().any(|s: &TransitionSpec| s.name == spec.name) => {
                rejected.push(Rejected {
                    path,
                    line: None,
                    reason: format!("another file is already called {}", spec.name),
                });
            }
            Ok(spec) => specs.push(spec),
            Err(reason) => rejected.push(reason),
        }
    }
    (specs, rejected)
}

/// Reads and checks one transition file.
pub fn load_file(path: &Path) -> Result<TransitionSpec, Rejected> {
    let reject = |line: Option<usize>, reason: String| Rejected {
        path: path.to_owned(),
        line,
        reason,
    };
    let name = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .filter(|stem| {
            !stem.is_empty()
                && stem
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .ok_or_else(|| reject(None, "its name must be letters, digits, - and _".into()))?;
    if name == "random" {
        return Err(reject(
            None,
            "`random` names the random pool, not a transition".into(),
        ));
    }
    // Nothing larger is a transition; reading it would only cost memory.
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
        return Err(reject(
            None,
            format!("it is larger than {} KB", MAX_FILE_BYTES / 1024),
        ));
    }
    let body =
        std::fs::read_to_string(path).map_err(|e| reject(None, format!("cannot read it: {e}")))?;
    if path.extension().is_some_and(|e| e == "glsl") {
        return super::glsl::load(name, &body, Origin::File(path.to_owned()))
            .map_err(|(line, reason)| reject(line, reason));
    }
    let spec = TransitionSpec::parse(name, &body, Origin::File(path.to_owned()))
        .map_err(|e| reject(Some(e.line), e.reason))?;
    check_interface(&spec).map_err(|(line, reason)| reject(line, reason))?;
    Ok(spec)
}

/// The file fits the interface: it defines `transition`, binds nothing of its own, and the
/// whole module compiles and validates.
fn check_interface(spec: &TransitionSpec) -> Result<(), (Option<usize>, String)> {
    let block = spec.pack(&[]).len();
    if block > MAX_PARAMS_BYTES {
        return Err((
            None,
            format!("its parameters need {block} bytes; at most {MAX_PARAMS_BYTES} fit"),
        ));
    }
    if !spec.body.contains("fn transition(") {
        return Err((
            None,
            "it has no `fn transition(uv: vec2<f32>) -> vec4<f32>`".into(),
        ));
    }
    if let Some(line) = spec
        .body
        .lines()
        .position(|l| l.contains("@group") || l.contains("@binding"))
    {
        return Err((
            Some(line + 1),
            "it declares a binding of its own; a transition reads the photos only through \
             from_color(uv) and to_color(uv), and its settings through @param"
                .into(),
        ));
    }
    let source = spec.wgsl();
    let offset = spec.body_line_offset();
    // Lines of the assembled module map back to the user's file, or to the interface.
    let locate = |line: Option<u32>| match line.map(|l| l as usize) {
        Some(line) if line > offset => (Some(line - offset), String::new()),
        Some(_) => (None, "it does not fit the interface: ".to_string()),
        None => (None, String::new()),
    };
    let module = naga::front::wgsl::parse_str(&source).map_err(|e| {
        let (line, prefix) = locate(e.location(&source).map(|l| l.line_number));
        (line, format!("{prefix}{}", e.message()))
    })?;
    super::naga_error::validate(&module, &source).map_err(|(line, reason)| {
        let (line, prefix) = locate(line.map(|l| l as u32));
        (line, format!("{prefix}{reason}"))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into a fresh folder and loads it.
    fn load(test: &str, files: &[(&str, &str)]) -> (Vec<TransitionSpec>, Vec<Rejected>) {
        let dir =
            std::env::temp_dir().join(format!("framewave-user-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let loaded = load_dir(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        loaded
    }

    const GOOD: &str = "fn transition(uv: vec2<f32>) -> vec4<f32> {\n    return mix(from_color(uv), to_color(uv), progress);\n}\n";

    #[test]
    fn a_good_file_joins_under_its_name_and_others_are_ignored() {
        let (specs, rejected) = load("good", &[("my_fade.wgsl", GOOD), ("notes.txt", "hello")]);
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].name, "my_fade");
        assert!(matches!(specs[0].origin, Origin::File(_)));
        assert_eq!(load("missing-dir", &[]).0.len(), 0);
    }

    #[test]
    fn every_kind_of_broken_file_is_refused_with_its_line_and_reason() {
        let cases: &[(&str, &str, Option<usize>, &str)] = &[
            (
                "syntax.wgsl",
                "fn transition(uv: vec2<f32>) -> vec4<f32> {\n    return from_color(uv)\n}\n",
                Some(3),
                "expected `;`",
            ),
            (
                "missing.wgsl",
                "fn wipe(uv: vec2<f32>) -> vec4<f32> { return to_color(uv); }\n",
                None,
                "no `fn transition",
            ),
            (
                "signature.wgsl",
                "fn transition(uv: vec2<f32>, extra: f32) -> vec4<f32> {\n    return to_color(uv);\n}\n",
                None,
                "interface",
            ),
            (
                "returns.wgsl",
                "fn transition(uv: vec2<f32>) -> f32 {\n    return progress;\n}\n",
                None,
                "interface",
            ),
            (
                "param_type.wgsl",
                "// @param spread: vec2 = 1 in 0..2\n".to_owned().leak(),
                Some(1),
                "unknown type",
            ),
            (
                "texture.wgsl",
                "@group(0) @binding(5) var noise: texture_2d<f32>;\nfn transition(uv: vec2<f32>) -> vec4<f32> { return to_color(uv); }\n",
                Some(1),
                "binding of its own",
            ),
            (
                "undefined.wgsl",
                "fn transition(uv: vec2<f32>) -> vec4<f32> {\n    return to_color(uv) * params.gain;\n}\n",
                Some(2),
                "",
            ),
        ];
        let files: Vec<(&str, &str)> = cases
            .iter()
            .map(|(name, text, ..)| (*name, *text))
            .collect();
        let (specs, rejected) = load("broken", &files);
        assert!(specs.is_empty(), "{specs:?}");
        assert_eq!(rejected.len(), cases.len());
        for (name, _, line, reason) in cases {
            let found = rejected
                .iter()
                .find(|r| r.path.file_name().unwrap() == *name)
                .unwrap_or_else(|| panic!("{name} not rejected"));
            assert_eq!(found.line, *line, "{found}");
            assert!(found.reason.contains(reason), "{found}");
            assert!(
                found
                    .to_string()
                    .starts_with(&found.path.display().to_string())
            );
        }
    }
}
