//! gl-transitions v1 files (`.glsl`): `vec4 transition(vec2 uv)` reading `progress`, `ratio`,
//! `getFromColor(uv)` and `getToColor(uv)`, with its parameters as uniforms carrying their
//! default in a comment (`uniform float amplitude; // = 100.0`). A file is translated once, when
//! it is loaded, through naga's GLSL front end into a WGSL module that binds exactly what a
//! WGSL transition binds; the host side is `shaders/gl_transition_host.glsl`.

use super::param::{ParamKind, ParamSpec, parse_vector};
use super::spec::{Origin, TransitionSpec};

const HOST: &str = include_str!("../../shaders/gl_transition_host.glsl");

/// A file that cannot be used: the line of the file at fault (if any) and why.
pub type Failure = (Option<usize>, String);

/// The most uniforms a file may declare: one `vec4` each in the 256-byte parameter block.
const MAX_UNIFORMS: usize = super::param::MAX_PARAMS_BYTES / 16;

/// Reads, translates and validates a gl-transitions file.
pub fn load(name: &str, text: &str, origin: Origin) -> Result<TransitionSpec, Failure> {
    let (params, body) = read_uniforms(text)?;
    let (body, initialisers) = hoist_global_initialisers(&body);
    if params.len() > MAX_UNIFORMS {
        return Err((
            None,
            format!(
                "it declares {} parameters; at most {MAX_UNIFORMS} fit",
                params.len()
            ),
        ));
    }
    let prologue = format!(
        "{HOST}\nlayout(set = 0, binding = 4) uniform FwParams {{ vec4 slot[{}]; }} fw_params;\n",
        params.len().max(1)
    );
    let offset = prologue.lines().count();
    let source = format!("{prologue}{body}\n{}", entry_point(&params, &initialisers));
    let user_lines = body.lines().count();
    // Lines of the assembled shader map back to the user's file, or to the host's parts.
    let locate = |line: usize| {
        if line > offset && line <= offset + user_lines {
            (Some(line - offset), String::new())
        } else if line > offset {
            (
                None,
                "it does not fit the interface (`vec4 transition(vec2 uv)`): ".to_owned(),
            )
        } else {
            (None, String::new())
        }
    };
    let module = naga::front::glsl::Frontend::default()
        .parse(&naga::ShaderStage::Fragment.into(), &source)
        .map_err(|errors| {
            let first = errors.errors.first();
            let line = first
                .and_then(|e| e.location(&source))
                .map(|l| l.line_number);
            let (line, prefix) = line.map_or((None, String::new()), |l| locate(l as usize));
            let reason = first.map_or_else(|| errors.to_string(), ToString::to_string);
            (line, format!("{prefix}{reason}"))
        })?;
    refuse_dropped_initialisers(&module, &source, offset, &body)?;
    let info = super::naga_error::validate(&module, &source).map_err(|(line, reason)| {
        let (line, prefix) = line.map_or((None, String::new()), locate);
        (line, format!("{prefix}{reason}"))
    })?;
    let wgsl =
        naga::back::wgsl::write_string(&module, &info, naga::back::wgsl::WriterFlags::empty())
            .map_err(|e| (None, format!("it cannot be translated to WGSL: {e}")))?;
    TransitionSpec::translated_glsl(name, text, origin, params, wgsl)
        .map_err(|e| (Some(e.line), e.reason))
}

/// naga's front end drops a global's initialiser that is not a constant, without a word. The
/// ones written one to a line were moved into the entry point; any other (split over lines,
/// two on a line) would silently start at zero, so the file is refused at its line.
fn refuse_dropped_initialisers(
    module: &naga::Module,
    source: &str,
    offset: usize,
    body: &str,
) -> Result<(), Failure> {
    for (handle, global) in module.global_variables.iter() {
        if global.space != naga::AddressSpace::Private || global.init.is_some() {
            continue;
        }
        let span = module.global_variables.get_span(handle);
        if span == naga::Span::default() {
            continue;
        }
        let line = span.location(source).line_number as usize;
        let Some(text) = line
            .checked_sub(offset + 1)
            .and_then(|i| body.lines().nth(i))
        else {
            continue;
        };
        let code = text.split("//").next().unwrap_or(text);
        if code.contains('=') {
            let name = global.name.as_deref().unwrap_or("a global");
            return Err((
                Some(line - offset),
                format!(
                    "{name} starts from a value that is not a constant; write its declaration \
                     on one line of its own (`type {name} = value;`) so it can be set when the \
                     transition starts"
                ),
            ));
        }
    }
    Ok(())
}

/// The file's parameters, and its text with each `uniform T name;` turned into a plain global
/// `T name;` (on the same line, so lines keep their numbers) that the entry point sets.
fn read_uniforms(text: &str) -> Result<(Vec<ParamSpec>, String), Failure> {
    let mut params: Vec<ParamSpec> = Vec::new();
    let mut body = String::with_capacity(text.len());
    for (index, line) in text.lines().enumerate() {
        let fail = |reason: String| (Some(index + 1), reason);
        let trimmed = line.trim_start();
        if trimmed.starts_with("#version") {
            return Err(fail(
                "it has a #version line; the host supplies the version".into(),
            ));
        }
        let Some(declaration) = trimmed.strip_prefix("uniform ") else {
            body.push_str(line);
            body.push('\n');
            continue;
        };
        let (code, comment) = declaration
            .split_once("//")
            .map_or((declaration, ""), |(c, d)| (c, d));
        // A default in a block comment is not read (nor is it by the collection's host).
        let code = without_block_comments(code);
        let words: Vec<&str> = code
            .trim()
            .trim_end_matches(';')
            .split_whitespace()
            .filter(|w| !matches!(*w, "lowp" | "mediump" | "highp"))
            .collect();
        let [ty, name] = words[..] else {
            return Err(fail(format!(
                "cannot read the uniform declaration {:?} (one `uniform type name;` per line)",
                trimmed.trim_end()
            )));
        };
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(fail(format!(
                "uniform {name} is not a single value (arrays and blocks are not parameters)"
            )));
        }
        // The host provides these two.
        if matches!((ty, name), ("float", "progress" | "ratio")) {
            body.push('\n');
            continue;
        }
        if params.iter().any(|p| p.name == name) {
            return Err(fail(format!("uniform {name} declared twice")));
        }
        // `// = 0.4 ; // what it does`: the default ends at a `;`.
        let default = comment
            .trim()
            .strip_prefix('=')
            .map(|d| d.split(';').next().unwrap_or(d).trim());
        let kind = uniform_kind(ty, name, default).map_err(fail)?;
        params.push(ParamSpec {
            name: name.to_owned(),
            kind,
            doc: String::new(),
        });
        body.push_str(&format!("{ty} {name};\n"));
    }
    Ok((params, body))
}

/// `code` without its `/* ... */` comments.
fn without_block_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(open) = rest.find("/*") {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find("*/")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    out.push_str(rest);
    out
}

/// The parameter a uniform of type `ty` makes, with its default (zero when none is given).
fn uniform_kind(ty: &str, name: &str, default: Option<&str>) -> Result<ParamKind, String> {
    let bad_default = || format!("uniform {name}: cannot read its default {default:?} as a {ty}");
    let vector = |len: u8, int: bool| -> Result<ParamKind, String> {
        let value = match default {
            None => [0.0; 4],
            Some(text) => literal_vector(text, len, int).ok_or_else(bad_default)?,
        };
        Ok(ParamKind::Vector {
            default: value,
            len,
            int,
        })
    };
    match ty {
        "float" => Ok(ParamKind::F32 {
            default: match default {
                None => 0.0,
                Some(text) => literal_vector(text, 1, false).ok_or_else(bad_default)?[0],
            },
            min: f32::NEG_INFINITY,
            max: f32::INFINITY,
        }),
        "int" => Ok(ParamKind::I32 {
            default: match default {
                None => 0,
                Some(text) => literal_vector(text, 1, true).ok_or_else(bad_default)?[0] as i32,
            },
            min: i32::MIN,
            max: i32::MAX,
        }),
        // Only `true` is true, as the collection's own tooling reads defaults (its
        // luminance_melt says `// = 1` and is shown with false).
        "bool" => Ok(ParamKind::Bool {
            default: default == Some("true"),
        }),
        "vec2" => vector(2, false),
        "vec3" => vector(3, false),
        "vec4" => vector(4, false),
        "ivec2" => vector(2, true),
        "ivec3" => vector(3, true),
        "ivec4" => vector(4, true),
        t if t.starts_with("sampler") => Err(format!(
            "uniform {name} is a texture of its own; a transition reads only the two photos, \
             through getFromColor and getToColor"
        )),
        other => Err(format!(
            "uniform {name} has the type {other}, which is not a parameter type (float, int, \
             bool, vec2-4, ivec2-4)"
        )),
    }
}

/// A GLSL literal as `len` numbers: `1.0`, `-2`, `vec2(0.0, 1.0)`, `vec3(0.5)` (splat),
/// `ivec2(10, 10)`.
fn literal_vector(text: &str, len: u8, int: bool) -> Option<[f32; 4]> {
    let text = text.trim().trim_end_matches(';').trim();
    let inner = match text.find('(') {
        Some(open) => text[open + 1..].strip_suffix(')')?,
        None => text,
    };
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let number = |p: &str| {
        p.trim_end_matches(['f', 'F'])
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let numbers = if parts.len() == 1 {
        let v = number(parts[0])?;
        vec![v.to_string(); usize::from(len)].join(",")
    } else {
        parts
            .iter()
            .map(|p| number(p).map(|v| v.to_string()))
            .collect::<Option<Vec<_>>>()?
            .join(",")
    };
    // A float literal for an int uniform (`10.0`) is refused by the same check as a bad value.
    parse_vector(&numbers, len, int)
}

/// Global variables initialised where they are declared (`float radius = progress * 2.0;`,
/// which WebGL hosts accept though the value is not a constant) become plain declarations,
/// and their initialisers statements for the entry point to run, in order, once the
/// parameters are set: naga's front end does not evaluate such initialisers. `const` globals
/// stay as they are.
fn hoist_global_initialisers(body: &str) -> (String, Vec<String>) {
    const TYPES: &[&str] = &[
        "float", "int", "uint", "bool", "vec2", "vec3", "vec4", "ivec2", "ivec3", "ivec4", "uvec2",
        "uvec3", "uvec4", "bvec2", "bvec3", "bvec4", "mat2", "mat3", "mat4", "mat2x2", "mat2x3",
        "mat2x4", "mat3x2", "mat3x3", "mat3x4", "mat4x2", "mat4x3", "mat4x4",
    ];
    let mut out = String::with_capacity(body.len());
    let mut statements = Vec::new();
    let mut depth = 0i32;
    for line in body.lines() {
        let code = line.split("//").next().unwrap_or(line);
        let at_top = depth == 0;
        depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
        let hoisted = at_top
            .then(|| {
                let code = code.trim();
                // A precision qualifier stays with the declaration.
                let (precision, code) = ["lowp ", "mediump ", "highp "]
                    .iter()
                    .find_map(|q| code.strip_prefix(q).map(|rest| (*q, rest.trim_start())))
                    .unwrap_or(("", code));
                let (ty, rest) = code.split_once(char::is_whitespace)?;
                let (name, value) = rest.split_once('=')?;
                let name = name.trim();
                let value = value.trim().strip_suffix(';')?;
                let plain_name =
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                // One declarator, whole on this line.
                (TYPES.contains(&ty) && plain_name && !value.contains(';')).then(|| {
                    let declaration = format!("{precision}{ty} {name};");
                    (declaration, format!("{name} = {value};"))
                })
            })
            .flatten();
        match hoisted {
            Some((declaration, statement)) => {
                out.push_str(&declaration);
                statements.push(statement);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    (out, statements)
}

/// `main`: sets the globals from the host's uniforms, calls the transition with a uv whose
/// origin is at the bottom left, and takes its colour as sRGB.
fn entry_point(params: &[ParamSpec], initialisers: &[String]) -> String {
    let mut out = String::from(
        "void main() {\n    progress = fw_frame.progress_ratio_size.x;\n    \
         ratio = fw_frame.progress_ratio_size.y;\n",
    );
    for (slot, param) in params.iter().enumerate() {
        let value = format!("fw_params.slot[{slot}]");
        let read = match param.kind {
            ParamKind::F32 { .. } => format!("{value}.x"),
            ParamKind::I32 { .. } => format!("int({value}.x)"),
            ParamKind::Bool { .. } => format!("{value}.x != 0.0"),
            ParamKind::Color { .. } => value,
            ParamKind::Vector { len, int, .. } => {
                let swizzle = &"xyzw"[..usize::from(len)];
                match int {
                    false if len == 4 => value,
                    false => format!("{value}.{swizzle}"),
                    true => format!("ivec{len}({value}.{swizzle})"),
                }
            }
        };
        out.push_str(&format!("    {} = {read};\n", param.name));
    }
    for statement in initialisers {
        out.push_str(&format!("    {statement}\n"));
    }
    out.push_str(
        "    vec4 c = transition(vec2(fw_uv.x, 1.0 - fw_uv.y));\n    \
         fw_color = vec4(fw_decode_srgb(c.rgb), 1.0);\n}\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FADE: &str = "// Author: someone\n// License: MIT\n\
        uniform float strength; // = 0.5\n\
        uniform vec2 direction; // = vec2(0.0, 1.0)\n\
        uniform bool flip; // = true\n\
        uniform ivec2 grid; // = ivec2(4)\n\
        uniform vec3 tint /* = vec3(0.9, 0.4, 0.2) */;\n\
        uniform float phase; // = 0.4 ; // if 0, no dark phase\n\
        vec4 transition(vec2 uv) {\n  return mix(getFromColor(uv), getToColor(uv), progress * strength);\n}\n";

    #[test]
    fn uniforms_become_parameters_with_their_defaults() {
        let spec = load("fade", FADE, Origin::BuiltIn).unwrap();
        let shown: Vec<String> = spec.params.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "strength=0.5",
                "direction=0,1",
                "flip=true",
                "grid=4,4",
                "tint=0,0,0",
                "phase=0.4"
            ]
        );
        assert_eq!(spec.easing, super::super::Easing::Linear);
        let wgsl = spec.wgsl();
        let module = naga::front::wgsl::parse_str(&wgsl).expect("the translation is WGSL");
        assert!(module.entry_points.iter().any(|e| e.name == "main"));
        // One vec4 per parameter.
        assert_eq!(spec.pack(&[]).len(), 96);
    }

    #[test]
    fn global_initialisers_run_once_the_parameters_are_set() {
        let text = "uniform float zoom; // = 2.0 ; how far\nconst float PI = 3.14159;\n\
                    vec2 center = vec2(0.5);\nhighp float reach = zoom * progress; // grows\n\
                    vec4 transition(vec2 uv) {\n  float inside = 1.0;\n  \
                    return mix(getFromColor(uv), getToColor(uv), inside * reach);\n}\n";
        let (body, statements) = hoist_global_initialisers(text);
        assert_eq!(
            statements,
            ["center = vec2(0.5);", "reach = zoom * progress;"]
        );
        assert_eq!(
            body.lines().count(),
            text.lines().count(),
            "lines keep their numbers"
        );
        assert!(body.contains("const float PI = 3.14159;"));
        assert!(
            body.contains("  float inside = 1.0;"),
            "locals are left alone"
        );
        let spec = load("zoom", text, Origin::BuiltIn).unwrap();
        assert_eq!(spec.params[0].to_string(), "zoom=2");
        let main = spec.wgsl();
        let set = main.find("zoom = ").expect("the parameter is set");
        let used = main.find("reach = ").expect("the initialiser runs");
        assert!(set < used, "{main}");
    }

    #[test]
    fn literals_read_as_glsl_writes_them() {
        assert_eq!(literal_vector("1.", 1, false), Some([1.0, 0.0, 0.0, 0.0]));
        assert_eq!(literal_vector(".5", 1, false), Some([0.5, 0.0, 0.0, 0.0]));
        assert_eq!(
            literal_vector("vec3(0.5)", 3, false),
            Some([0.5, 0.5, 0.5, 0.0])
        );
        assert_eq!(
            literal_vector("vec4(1, 0.0, 0.5, 1.0)", 4, false),
            Some([1.0, 0.0, 0.5, 1.0])
        );
        assert_eq!(literal_vector("10", 1, true), Some([10.0, 0.0, 0.0, 0.0]));
        assert_eq!(literal_vector("1.5", 1, true), None);
        assert_eq!(literal_vector("vec2(1, 2, 3)", 2, false), None);
        assert_eq!(literal_vector("soon", 1, false), None);
    }

    #[test]
    fn a_broken_file_names_its_line_and_reason() {
        let cases: &[(&str, Option<usize>, &str)] = &[
            (
                "uniform float a; // = 1\nvec4 transition(vec2 uv) {\n  return getToColor(uv)\n}\n",
                Some(4),
                "",
            ),
            (
                "vec4 blend(vec2 uv) { return getToColor(uv); }\n",
                None,
                "interface",
            ),
            (
                "vec4 transition(vec2 uv, float extra) { return getToColor(uv); }\n",
                None,
                "interface",
            ),
            (
                "uniform mat3 m;\nvec4 transition(vec2 uv) { return getToColor(uv); }\n",
                Some(1),
                "not a parameter type",
            ),
            (
                "uniform sampler2D noise;\nvec4 transition(vec2 uv) { return getToColor(uv); }\n",
                Some(1),
                "texture of its own",
            ),
            (
                "\nuniform float a; // = soon\nvec4 transition(vec2 uv) { return getToColor(uv); }\n",
                Some(2),
                "cannot read its default",
            ),
            (
                "#version 300 es\nvec4 transition(vec2 uv) { return getToColor(uv); }\n",
                Some(1),
                "#version",
            ),
            (
                "vec4 transition(vec2 uv) {\n  return getToColor(uv) * gain;\n}\n",
                Some(2),
                "gain",
            ),
            (
                "\nvec2 centre = vec2(\n  ratio, 0.5);\nvec4 transition(vec2 uv) { return getToColor(uv * centre); }\n",
                Some(2),
                "not a constant",
            ),
        ];
        for (text, line, reason) in cases {
            let (found_line, found) = load("t", text, Origin::BuiltIn).unwrap_err();
            assert_eq!(found_line, *line, "{text}: {found}");
            assert!(found.contains(reason), "{text}: {found}");
        }
    }
}
