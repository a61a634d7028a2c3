//! A transition's parameters: declared in its file, given values by the user, packed into the
//! uniform block its shader reads (`struct Params`, generated here from the declarations).

use std::fmt;

/// The largest parameter block a transition may have (the renderer's uniform buffer).
pub const MAX_PARAMS_BYTES: usize = 256;

/// One declared parameter: `// @param name: type = default in lo..hi ; doc`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    pub name: String,
    pub kind: ParamKind,
    pub doc: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamKind {
    F32 {
        default: f32,
        min: f32,
        max: f32,
    },
    I32 {
        default: i32,
        min: i32,
        max: i32,
    },
    /// Linear RGB, 0..1 each.
    Color {
        default: [f32; 3],
    },
    /// A GLSL `vecN` or `ivecN` (N = `len`, 2..4), any values.
    Vector {
        default: [f32; 4],
        len: u8,
        int: bool,
    },
    Bool {
        default: bool,
    },
}

/// A parameter's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    F32(f32),
    I32(i32),
    Color([f32; 3]),
    Vector([f32; 4]),
    Bool(bool),
}

impl ParamSpec {
    pub fn default_value(&self) -> Value {
        match self.kind {
            ParamKind::F32 { default, .. } => Value::F32(default),
            ParamKind::I32 { default, .. } => Value::I32(default),
            ParamKind::Color { default } => Value::Color(default),
            ParamKind::Vector { default, .. } => Value::Vector(default),
            ParamKind::Bool { default } => Value::Bool(default),
        }
    }

    /// Reads a value for this parameter from text, refusing what is out of its range.
    pub fn parse_value(&self, text: &str) -> Result<Value, String> {
        let bad = || {
            format!(
                "{}: {text:?} is not a valid {}",
                self.name,
                self.kind.type_name()
            )
        };
        match self.kind {
            ParamKind::F32 { min, max, .. } => {
                let v: f32 = text.trim().parse().map_err(|_| bad())?;
                if !v.is_finite() {
                    return Err(bad());
                }
                in_range(v, min, max, &self.name).map(Value::F32)
            }
            ParamKind::I32 { min, max, .. } => {
                let v: i32 = text.trim().parse().map_err(|_| bad())?;
                in_range(v, min, max, &self.name).map(Value::I32)
            }
            ParamKind::Color { .. } => parse_color(text).map(Value::Color).ok_or_else(bad),
            ParamKind::Vector { len, int, .. } => parse_vector(text, len, int)
                .map(Value::Vector)
                .ok_or_else(bad),
            ParamKind::Bool { .. } => match text.trim() {
                "true" | "1" => Ok(Value::Bool(true)),
                "false" | "0" => Ok(Value::Bool(false)),
                _ => Err(bad()),
            },
        }
    }
}

fn in_range<T: PartialOrd + fmt::Display + Copy>(
    v: T,
    min: T,
    max: T,
    name: &str,
) -> Result<T, String> {
    if v >= min && v <= max {
        Ok(v)
    } else {
        Err(format!("{name}: {v} is outside {min}..{max}"))
    }
}

/// `len` comma-separated numbers (whole numbers if `int`); the rest of the four are zero.
pub fn parse_vector(text: &str, len: u8, int: bool) -> Option<[f32; 4]> {
    let parts: Vec<f32> = text
        .split(',')
        .map(|p| p.trim().parse::<f32>().ok().filter(|v| v.is_finite()))
        .collect::<Option<_>>()?;
    if parts.len() != usize::from(len) || (int && parts.iter().any(|v| v.fract() != 0.0)) {
        return None;
    }
    let mut out = [0.0; 4];
    out[..parts.len()].copy_from_slice(&parts);
    Some(out)
}

/// "r,g,b" with each in 0..1.
pub fn parse_color(text: &str) -> Option<[f32; 3]> {
    let parts: Vec<f32> = text
        .split(',')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    let [r, g, b] = parts[..] else {
        return None;
    };
    [r, g, b]
        .iter()
        .all(|c| (0.0..=1.0).contains(c))
        .then_some([r, g, b])
}

impl ParamKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::F32 { .. } => "f32",
            Self::I32 { .. } => "i32",
            Self::Color { .. } => "color",
            Self::Vector { len: 2, int, .. } => ["vec2", "ivec2"][usize::from(*int)],
            Self::Vector { len: 3, int, .. } => ["vec3", "ivec3"][usize::from(*int)],
            Self::Vector { int, .. } => ["vec4", "ivec4"][usize::from(*int)],
            Self::Bool { .. } => "bool",
        }
    }
}

impl fmt::Display for ParamSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Unbounded numbers (a gl-transitions uniform) show no range.
        match self.kind {
            ParamKind::F32 { default, min, max } if min.is_finite() || max.is_finite() => {
                write!(f, "{}={default} ({min}..{max})", self.name)
            }
            ParamKind::I32 { default, min, max } if (min, max) != (i32::MIN, i32::MAX) => {
                write!(f, "{}={default} ({min}..{max})", self.name)
            }
            ParamKind::F32 { default, .. } => write!(f, "{}={default}", self.name),
            ParamKind::I32 { default, .. } => write!(f, "{}={default}", self.name),
            ParamKind::Color { default: [r, g, b] } => write!(f, "{}={r},{g},{b}", self.name),
            ParamKind::Vector { default, len, .. } => {
                let parts: Vec<String> = default[..usize::from(len)]
                    .iter()
                    .map(f32::to_string)
                    .collect();
                write!(f, "{}={}", self.name, parts.join(","))
            }
            ParamKind::Bool { default } => write!(f, "{}={default}", self.name),
        }
    }
}

/// How a parameter block is laid out in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLayout {
    /// A WGSL `struct Params` (see [`params_struct`]): four-component members first, then
    /// scalars, padded to whole 16 bytes.
    Struct,
    /// One `vec4` per parameter in declared order (how gl-transitions uniforms are carried).
    Slots,
}

/// Four-component members (16-byte aligned): colours and vectors.
fn is_wide(spec: &ParamSpec) -> bool {
    matches!(
        spec.kind,
        ParamKind::Color { .. } | ParamKind::Vector { .. }
    )
}

/// The order members take in the uniform block: four-component members first (16-byte
/// aligned), then scalars in their declared order, then padding to a whole 16 bytes.
fn layout(specs: &[ParamSpec]) -> impl Iterator<Item = &ParamSpec> {
    let wide = specs.iter().filter(|s| is_wide(s));
    let scalars = specs.iter().filter(|s| !is_wide(s));
    wide.chain(scalars)
}

/// How many 4-byte padding members follow the scalars (at least one block of 16 bytes in all).
fn padding(specs: &[ParamSpec]) -> usize {
    let scalars = specs.iter().filter(|s| !is_wide(s)).count();
    if specs.is_empty() {
        4
    } else {
        (4 - scalars % 4) % 4
    }
}

/// The WGSL declaration of the block, prepended to the transition's source.
pub fn params_struct(specs: &[ParamSpec]) -> String {
    let mut out = String::from("struct Params {\n");
    for spec in layout(specs) {
        let ty = match spec.kind {
            ParamKind::F32 { .. } => "f32",
            ParamKind::I32 { .. } => "i32",
            ParamKind::Color { .. } => "vec4<f32>",
            // Whole-number vectors too: they are carried as floats.
            ParamKind::Vector { .. } => "vec4<f32>",
            ParamKind::Bool { .. } => "u32",
        };
        out.push_str(&format!("    {}: {ty},\n", spec.name));
    }
    for i in 0..padding(specs) {
        out.push_str(&format!("    _pad{i}: f32,\n"));
    }
    out.push_str("};\n");
    out
}

/// The bytes of the block for `values` (one per spec, in declaration order; a missing one
/// takes its default).
pub fn pack(layout_kind: ParamLayout, specs: &[ParamSpec], values: &[Value]) -> Vec<u8> {
    let value_of = |spec: &ParamSpec| {
        let index = specs
            .iter()
            .position(|s| s.name == spec.name)
            .expect("own spec");
        values
            .get(index)
            .copied()
            .unwrap_or_else(|| spec.default_value())
    };
    let mut out = Vec::with_capacity(16 * (specs.len() + 1));
    match layout_kind {
        ParamLayout::Struct => {
            for spec in layout(specs) {
                out.extend_from_slice(&struct_member(value_of(spec)));
            }
            out.resize(out.len() + 4 * padding(specs), 0);
        }
        ParamLayout::Slots => {
            for spec in specs {
                for v in slot(value_of(spec)) {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
            // A block has at least one member.
            out.resize(out.len().max(16), 0);
        }
    }
    out
}

/// A value as a member of the WGSL struct: 4 bytes for a scalar, 16 for the others.
fn struct_member(value: Value) -> Vec<u8> {
    let words: Vec<[u8; 4]> = match value {
        Value::F32(v) => vec![v.to_le_bytes()],
        Value::I32(v) => vec![v.to_le_bytes()],
        Value::Bool(v) => vec![u32::from(v).to_le_bytes()],
        Value::Color([r, g, b]) => [r, g, b, 1.0].map(f32::to_le_bytes).to_vec(),
        Value::Vector(v) => v.map(f32::to_le_bytes).to_vec(),
    };
    words.concat()
}

/// A value as one `vec4` slot: numbers as floats (whole numbers convert exactly up to 2^24),
/// a bool as 0 or 1.
fn slot(value: Value) -> [f32; 4] {
    match value {
        Value::F32(v) => [v, 0.0, 0.0, 0.0],
        Value::I32(v) => [v as f32, 0.0, 0.0, 0.0],
        Value::Bool(v) => [f32::from(u8::from(v)), 0.0, 0.0, 0.0],
        Value::Color([r, g, b]) => [r, g, b, 1.0],
        Value::Vector(v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, kind: ParamKind) -> ParamSpec {
        ParamSpec {
            name: name.into(),
            kind,
            doc: String::new(),
        }
    }

    #[test]
    fn colours_go_first_and_the_block_is_whole_sixteen_bytes() {
        let specs = [
            spec(
                "softness",
                ParamKind::F32 {
                    default: 0.5,
                    min: 0.0,
                    max: 1.0,
                },
            ),
            spec(
                "tint",
                ParamKind::Color {
                    default: [1.0, 0.5, 0.0],
                },
            ),
            spec(
                "direction",
                ParamKind::I32 {
                    default: 3,
                    min: 0,
                    max: 7,
                },
            ),
        ];
        assert_eq!(
            params_struct(&specs),
            "struct Params {\n    tint: vec4<f32>,\n    softness: f32,\n    direction: i32,\n    \
             _pad0: f32,\n    _pad1: f32,\n};\n"
        );
        let bytes = pack(
            ParamLayout::Struct,
            &specs,
            &[
                Value::F32(0.25),
                Value::Color([0.0, 1.0, 0.0]),
                Value::I32(5),
            ],
        );
        assert_eq!(bytes.len(), 32);
        assert_eq!(&bytes[4..8], &1.0f32.to_le_bytes());
        assert_eq!(&bytes[16..20], &0.25f32.to_le_bytes());
        assert_eq!(&bytes[20..24], &5i32.to_le_bytes());
        assert_eq!(
            pack(ParamLayout::Struct, &[], &[]).len(),
            16,
            "an empty block still has one member"
        );
    }

    #[test]
    fn values_are_parsed_within_their_range() {
        let softness = spec(
            "softness",
            ParamKind::F32 {
                default: 0.5,
                min: 0.0,
                max: 1.0,
            },
        );
        assert_eq!(softness.parse_value("0.3"), Ok(Value::F32(0.3)));
        assert!(
            softness
                .parse_value("2")
                .unwrap_err()
                .contains("outside 0..1")
        );
        assert!(softness.parse_value("soft").is_err());
        let tint = spec("tint", ParamKind::Color { default: [0.0; 3] });
        assert_eq!(
            tint.parse_value("1, 0.5,0"),
            Ok(Value::Color([1.0, 0.5, 0.0]))
        );
        assert!(tint.parse_value("1,2,3").is_err());
    }
}
