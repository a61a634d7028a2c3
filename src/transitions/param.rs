//! A transition's parameters: declared in its file, given values by the user, packed into the
//! uniform block its shader reads (`struct Params`, generated here from the declarations).

use std::fmt;

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
}

/// A parameter's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    F32(f32),
    I32(i32),
    Color([f32; 3]),
}

impl ParamSpec {
    pub fn default_value(&self) -> Value {
        match self.kind {
            ParamKind::F32 { default, .. } => Value::F32(default),
            ParamKind::I32 { default, .. } => Value::I32(default),
            ParamKind::Color { default } => Value::Color(default),
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
                in_range(v, min, max, &self.name).map(Value::F32)
            }
            ParamKind::I32 { min, max, .. } => {
                let v: i32 = text.trim().parse().map_err(|_| bad())?;
                in_range(v, min, max, &self.name).map(Value::I32)
            }
            ParamKind::Color { .. } => parse_color(text).map(Value::Color).ok_or_else(bad),
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
        }
    }
}

impl fmt::Display for ParamSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ParamKind::F32 { default, min, max } => {
                write!(f, "{}={default} ({min}..{max})", self.name)
            }
            ParamKind::I32 { default, min, max } => {
                write!(f, "{}={default} ({min}..{max})", self.name)
            }
            ParamKind::Color { default: [r, g, b] } => write!(f, "{}={r},{g},{b}", self.name),
        }
    }
}

/// The order members take in the uniform block: colours first (16-byte aligned), then scalars
/// in their declared order, then padding to a whole 16 bytes.
fn layout(specs: &[ParamSpec]) -> impl Iterator<Item = &ParamSpec> {
    let colors = specs
        .iter()
        .filter(|s| matches!(s.kind, ParamKind::Color { .. }));
    let scalars = specs
        .iter()
        .filter(|s| !matches!(s.kind, ParamKind::Color { .. }));
    colors.chain(scalars)
}

/// How many 4-byte padding members follow the scalars (at least one block of 16 bytes in all).
fn padding(specs: &[ParamSpec]) -> usize {
    let scalars = specs
        .iter()
        .filter(|s| !matches!(s.kind, ParamKind::Color { .. }))
        .count();
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
        };
        out.push_str(&format!("    {}: {ty},\n", spec.name));
    }
    for i in 0..padding(specs) {
        out.push_str(&format!("    _pad{i}: f32,\n"));
    }
    out.push_str("};\n");
    out
}

/// The bytes of the block for `values` (one per spec, in declaration order).
pub fn pack(specs: &[ParamSpec], values: &[Value]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * (specs.len() + 1));
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
    for spec in layout(specs) {
        match value_of(spec) {
            Value::F32(v) => out.extend_from_slice(&v.to_le_bytes()),
            Value::I32(v) => out.extend_from_slice(&v.to_le_bytes()),
            Value::Color([r, g, b]) => {
                for c in [r, g, b, 1.0f32] {
                    out.extend_from_slice(&c.to_le_bytes());
                }
            }
        }
    }
    out.resize(out.len() + 4 * padding(specs), 0);
    out
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
            pack(&[], &[]).len(),
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
