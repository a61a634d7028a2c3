//! `framewave transitions`: every transition, one per line.

use crate::cli::TransitionsArgs;
use crate::transitions::with_user_files;

pub fn run(args: &TransitionsArgs) -> anyhow::Result<()> {
    let (catalogue, rejected) = with_user_files(args.transitions_dir.as_deref());
    for file in rejected {
        eprintln!("left out: {file}");
    }
    for spec in catalogue.iter() {
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
