//! `framewave config`: the effective settings as TOML (the file's over the defaults, what the
//! file got wrong said on stderr), or `--path`, where the file lives.

use crate::cli::ConfigArgs;
use crate::settings::{self, Mode, Settings};

pub fn run(args: &ConfigArgs) -> anyhow::Result<()> {
    let path = settings::path_or_default(args.config.as_deref());
    if args.path {
        let path = path.ok_or_else(|| anyhow::anyhow!("this platform has no config directory"))?;
        println!("{}", path.display());
        return Ok(());
    }
    let mode = if args.screensaver {
        Mode::Screensaver
    } else {
        Mode::Window
    };
    let settings = match &path {
        Some(path) => {
            let loaded = settings::load(path, mode);
            for line in &loaded.said {
                eprintln!("framewave: {line}");
            }
            loaded.settings
        }
        None => Settings::defaults(mode),
    };
    print!("{}", settings.to_toml());
    Ok(())
}
