//! Every WGSL file under shaders/ parses and validates with naga, with no GPU involved.

use std::path::Path;

fn validate(label: &str, source: &str) {
    let module = naga::front::wgsl::parse_str(source)
        .unwrap_or_else(|e| panic!("{label}: {}", e.emit_to_string(source)));
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::default(),
    )
    .validate(&module)
    .unwrap_or_else(|e| panic!("{label}: {}", e.emit_to_string(source)));
}

#[test]
fn every_shader_file_validates_with_the_prelude() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    let prelude = std::fs::read_to_string(dir.join("prelude.wgsl")).unwrap();
    validate("prelude.wgsl", &prelude);
    let mut effects = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.extension().is_some_and(|e| e == "wgsl") && name != "prelude.wgsl" {
            let effect = std::fs::read_to_string(&path).unwrap();
            validate(&name, &framewave::render::shaders::source(&effect));
            effects += 1;
        }
    }
    assert!(effects >= 1, "no effect shaders found in {}", dir.display());
}

#[test]
fn every_shader_file_is_compiled_into_the_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if stem != "prelude" {
            assert!(
                framewave::render::shaders::EFFECTS
                    .iter()
                    .any(|(name, _)| *name == stem),
                "{} is not listed in render::shaders::EFFECTS",
                path.display()
            );
        }
    }
}
