//! `framewave transitions`: every transition, one per line.

use crate::transitions::Catalogue;

pub fn run() -> anyhow::Result<()> {
    for spec in Catalogue::built_in().iter() {
        let params: Vec<String> = spec.params.iter().map(ToString::to_string).collect();
        println!(
            "{}\t{:.1} s\t{}\t{}\t{}",
            spec.name,
            spec.duration.as_secs_f32(),
            spec.easing.name(),
            if params.is_empty() {
                "-".to_string()
            } else {
                params.join(" ")
            },
            spec.origin
        );
    }
    Ok(())
}
