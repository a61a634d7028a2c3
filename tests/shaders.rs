//! Every WGSL file under shaders/ validates with naga, with no GPU involved, exactly as the
//! host assembles it; every transition file is in the built-in catalogue.

use std::path::Path;

use framewave::transitions::{Catalogue, TransitionSpec, still};

fn validate(spec: &TransitionSpec) {
    let source = spec.wgsl();
    let module = naga::front::wgsl::parse_str(&source)
        .unwrap_or_else(|e| panic!("{}: {}", spec.name, e.emit_to_string(&source)));
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::default(),
    )
    .validate(&module)
    .unwrap_or_else(|e| panic!("{}: {}", spec.name, e.emit_to_string(&source)));
}

#[test]
fn every_transition_and_the_still_validate_as_assembled() {
    validate(&still());
    let catalogue = Catalogue::built_in();
    for spec in catalogue.iter() {
        validate(spec);
    }
    assert!(catalogue.iter().count() >= 2);
}

#[test]
fn every_transition_file_is_compiled_into_the_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders/transitions");
    let catalogue = Catalogue::built_in();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            catalogue.get(&stem).is_some(),
            "{} is not in the built-in catalogue",
            path.display()
        );
    }
}
