//! A transition as declared in its file: name, default duration, easing, parameters, source.
//!
//! Header lines (comments, so the file stays plain WGSL):
//! ```text
//! // @duration 1.2
//! // @easing cubic-in-out
//! // @param direction: i32 = 0 in 0..7 ; 0 from the left, 1 from the right, ...
//! // @param tint: color = 1,0.5,0 ; the glow
//! ```

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::easing::Easing;
use super::param::{ParamKind, ParamLayout, ParamSpec, Value, pack, params_struct, parse_color};

const PRELUDE: &str = include_str!("../../shaders/prelude.wgsl");
const TRANSITION_PRELUDE: &str = include_str!("../../shaders/transition_prelude.wgsl");

/// Where a transition comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BuiltIn => f.write_str("built in"),
            Self::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The language a transition is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// `fn transition(uv)` against `shaders/transition_prelude.wgsl`.
    Wgsl,
    /// A gl-transitions v1 file, translated to WGSL when it is loaded.
    Glsl,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TransitionSpec {
    pub name: String,
    pub duration: Duration,
    pub easing: Easing,
    pub params: Vec<ParamSpec>,
    pub origin: Origin,
    /// `fn transition` and its helpers, as written.
    pub body: String,
    pub language: Language,
    /// For GLSL: the whole WGSL module it was translated into.
    translated: Option<String>,
}

/// A header line that cannot be read: which line, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct SpecError {
    pub line: usize,
    pub reason: String,
}

/// When a file says nothing of its duration or easing.
const DEFAULT_DURATION: Duration = Duration::from_millis(1500);
const DEFAULT_EASING: Easing = Easing::SineInOut;
/// gl-transitions are drawn with linear progress by the collection's own host.
const DEFAULT_GLSL_EASING: Easing = Easing::Linear;
/// Longer than this would be a slideshow of transitions.
const MAX_DURATION_SECS: f32 = 10.0;

impl TransitionSpec {
    /// Reads the header of a transition's WGSL `body`.
    pub fn parse(name: &str, body: &str, origin: Origin) -> Result<Self, SpecError> {
        let mut spec = Self {
            name: name.to_owned(),
            duration: DEFAULT_DURATION,
            easing: DEFAULT_EASING,
            params: Vec::new(),
            origin,
            body: body.to_owned(),
            language: Language::Wgsl,
            translated: None,
        };
        spec.read_header()?;
        Ok(spec)
    }

    /// A gl-transitions file already translated to the WGSL `module`, with the parameters
    /// read from its uniforms. Its header may set the duration and easing.
    pub(super) fn translated_glsl(
        name: &str,
        body: &str,
        origin: Origin,
        params: Vec<ParamSpec>,
        module: String,
    ) -> Result<Self, SpecError> {
        let mut spec = Self {
            name: name.to_owned(),
            duration: DEFAULT_DURATION,
            easing: DEFAULT_GLSL_EASING,
            params: Vec::new(),
            origin,
            body: body.to_owned(),
            language: Language::Glsl,
            translated: Some(module),
        };
        spec.read_header()?;
        spec.params = params;
        Ok(spec)
    }

    /// The `// @` lines of the body.
    fn read_header(&mut self) -> Result<(), SpecError> {
        for (index, line) in self.body.lines().enumerate() {
            let Some(directive) = line.trim().strip_prefix("// @") else {
                continue;
            };
            let error = |reason: String| SpecError {
                line: index + 1,
                reason,
            };
            let (key, rest) = directive.split_once(' ').unwrap_or((directive, ""));
            match key {
                "duration" => self.duration = parse_duration(rest).map_err(error)?,
                "easing" => self.easing = rest.trim().parse().map_err(error)?,
                "param" if self.language == Language::Glsl => {
                    return Err(error(
                        "a GLSL transition declares its parameters as uniforms".into(),
                    ));
                }
                "param" => {
                    let param = parse_param(rest).map_err(error)?;
                    if self.params.iter().any(|p| p.name == param.name) {
                        return Err(error(format!("parameter {} declared twice", param.name)));
                    }
                    self.params.push(param);
                }
                other => return Err(error(format!("unknown directive @{other}"))),
            }
        }
        Ok(())
    }

    /// The entry point of the fragment stage in [`TransitionSpec::wgsl`].
    pub fn fragment_entry(&self) -> &'static str {
        match self.language {
            Language::Wgsl => "fs_transition",
            Language::Glsl => "main",
        }
    }

    /// How its parameter block is laid out.
    pub fn param_layout(&self) -> ParamLayout {
        match self.language {
            Language::Wgsl => ParamLayout::Struct,
            Language::Glsl => ParamLayout::Slots,
        }
    }

    /// Its parameter block for `values` (defaults where missing).
    pub fn pack(&self, values: &[Value]) -> Vec<u8> {
        pack(self.param_layout(), &self.params, values)
    }

    /// The whole WGSL module: the shared prelude, the generated parameter block, the
    /// transition interface, then the transition itself.
    pub fn wgsl(&self) -> String {
        if let Some(module) = &self.translated {
            return module.clone();
        }
        format!(
            "{PRELUDE}\n{}\n{TRANSITION_PRELUDE}\n{}",
            params_struct(&self.params),
            self.body
        )
    }

    /// Lines before the transition's own first line in [`TransitionSpec::wgsl`], to report
    /// errors at the line of the user's file.
    pub fn body_line_offset(&self) -> usize {
        self.wgsl().lines().count() - self.body.lines().count()
    }
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let secs: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("duration {text:?} is not a number of seconds"))?;
    if !(0.05..=MAX_DURATION_SECS).contains(&secs) {
        return Err(format!(
            "duration {secs} s is outside 0.05..{MAX_DURATION_SECS}"
        ));
    }
    Ok(Duration::from_secs_f32(secs))
}

/// WGSL keywords and reserved words a parameter is likely to be named (a member with one of
/// these names would not compile).
const WGSL_RESERVED: &[&str] = &[
    "alias", "array", "bool", "break", "case", "const", "continue", "default", "discard", "else",
    "enable", "f16", "f32", "false", "filter", "fn", "for", "i32", "if", "let", "loop", "mat2x2",
    "mat3x3", "mat4x4", "override", "ptr", "return", "sampler", "self", "struct", "switch",
    "texture", "true", "type", "u32", "var", "vec2", "vec3", "vec4", "while", "progress", "ratio",
    "frame", "params",
];

/// `name: type = default in lo..hi ; doc` (no range for colours).
fn parse_param(text: &str) -> Result<ParamSpec, String> {
    let (declaration, doc) = text.split_once(';').unwrap_or((text, ""));
    let (name, rest) = declaration
        .split_once(':')
        .ok_or("expected `@param name: type = default ...`")?;
    let name = name.trim();
    let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_name || WGSL_RESERVED.contains(&name) {
        return Err(format!(
            "{name:?} cannot be a parameter name (letters, digits and _, starting with a \
             letter, not a WGSL word)"
        ));
    }
    let (ty, rest) = rest.split_once('=').ok_or("expected `= default`")?;
    let (default, range) = match rest.split_once(" in ") {
        Some((default, range)) => (default.trim(), Some(range.trim())),
        None => (rest.trim(), None),
    };
    let range_of = |range: Option<&str>| -> Result<(String, String), String> {
        let (lo, hi) = range
            .and_then(|r| r.split_once(".."))
            .ok_or_else(|| format!("{name}: expected a range `in lo..hi`"))?;
        Ok((lo.trim().to_owned(), hi.trim().to_owned()))
    };
    let number_error = |what: &str| format!("{name}: {what} is not a number");
    let kind = match ty.trim() {
        "f32" => {
            let (lo, hi) = range_of(range)?;
            let parse = |t: &str| t.parse::<f32>().map_err(|_| number_error(t));
            ParamKind::F32 {
                default: parse(default)?,
                min: parse(&lo)?,
                max: parse(&hi)?,
            }
        }
        "i32" => {
            let (lo, hi) = range_of(range)?;
            let parse = |t: &str| t.parse::<i32>().map_err(|_| number_error(t));
            ParamKind::I32 {
                default: parse(default)?,
                min: parse(&lo)?,
                max: parse(&hi)?,
            }
        }
        "color" => ParamKind::Color {
            default: parse_color(default)
                .ok_or_else(|| format!("{name}: {default:?} is not a colour r,g,b in 0..1"))?,
        },
        other => return Err(format!("{name}: unknown type {other:?} (f32, i32, color)")),
    };
    let spec = ParamSpec {
        name: name.to_owned(),
        kind,
        doc: doc.trim().to_owned(),
    };
    // The default must be a value the parameter accepts.
    let default_text = match kind {
        ParamKind::Color { .. } => return Ok(spec),
        _ => default,
    };
    spec.parse_value(default_text).map(|_| spec.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_header() {
        let body = "// Wipe.\n// @duration 1.2\n// @easing cubic-in-out\n\
                    // @param direction: i32 = 2 in 0..7 ; where from\n\
                    // @param glow: color = 1,0.5,0\nfn transition(uv: vec2<f32>) -> vec4<f32> { return to_color(uv); }\n";
        let spec = TransitionSpec::parse("wipe", body, Origin::BuiltIn).unwrap();
        assert_eq!(spec.duration, Duration::from_secs_f32(1.2));
        assert_eq!(spec.easing, Easing::CubicInOut);
        assert_eq!(spec.params.len(), 2);
        assert_eq!(spec.params[0].doc, "where from");
        assert_eq!(spec.params[0].to_string(), "direction=2 (0..7)");
        assert!(
            spec.wgsl()
                .contains("struct Params {\n    glow: vec4<f32>,\n    direction: i32,")
        );
        let offset = spec.body_line_offset();
        assert_eq!(spec.wgsl().lines().nth(offset), Some("// Wipe."));
    }

    #[test]
    fn says_which_line_is_wrong_and_why() {
        let cases = [
            ("// @duration soon", 1, "not a number"),
            ("\n// @duration 99", 2, "outside"),
            ("// @easing bounce", 1, "unknown easing"),
            ("// @param x: f64 = 1 in 0..2", 1, "unknown type"),
            ("// @param x: f32 = 5 in 0..2", 1, "outside 0..2"),
            ("// @param x: f32 = 1", 1, "expected a range"),
            (
                "// @param 9x: f32 = 1 in 0..2",
                1,
                "cannot be a parameter name",
            ),
            ("// @param loop: f32 = 1 in 0..2", 1, "not a WGSL word"),
            (
                "// @param x: f32 = 1 in 0..2\n// @param x: i32 = 1 in 0..2",
                2,
                "declared twice",
            ),
            ("// @speed 3", 1, "unknown directive"),
        ];
        for (body, line, reason) in cases {
            let error = TransitionSpec::parse("t", body, Origin::BuiltIn).unwrap_err();
            assert_eq!(error.line, line, "{body}");
            assert!(error.reason.contains(reason), "{body}: {}", error.reason);
        }
    }
}
