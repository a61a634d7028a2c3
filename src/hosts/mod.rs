//! What the desktop tells the show: the programs that run framewave as their screensaver
//! (XScreenSaver and xsecurelock on X11, `x11_host.rs`: draw into their window; Windows,
//! `windows_args.rs`: its command line), and the monitors coming and going (`x11_monitors.rs`).

pub mod windows_args;
#[cfg(target_os = "linux")]
pub mod x11_host;
#[cfg(target_os = "linux")]
pub mod x11_monitors;

/// Where a monitor is on the desktop and how large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorPlace {
    /// The output's name (`HDMI-1`), when the platform gives one: a monitor is the same
    /// monitor while its name is, wherever it moves.
    pub name: Option<String>,
    pub position: (i32, i32),
    pub size: (u32, u32),
}

impl MonitorPlace {
    /// The same monitor (perhaps moved or in another mode).
    pub fn same_monitor(&self, other: &Self) -> bool {
        match (&self.name, &other.name) {
            (Some(a), Some(b)) => a == b,
            _ => self.position == other.position,
        }
    }
}

use std::ffi::OsString;

/// What a screensaver host's window does, as the show follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostEvent {
    Resized(u32, u32),
    /// Destroyed, or the display connection is gone: the show ends.
    Gone,
}

/// A window id as X programs write it: hexadecimal with `0x`, or decimal.
pub fn parse_window_id(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| format!("{text:?} is not an X window id (decimal, or hex with 0x)"))
}

/// What to run, once a screensaver host's command line is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalised {
    /// framewave's own command line.
    Args(Vec<OsString>),
    /// Windows' preview in the Display Properties: drawn only where that platform code
    /// exists (not yet: framewave has no Windows build).
    Preview(u64),
}

/// The command line as framewave's parser takes it: a Windows screensaver's arguments become
/// the show's (`/s` the screensaver, `/c` the settings panel for the screensaver), and X11's single-dash `-window-id` and `-root` become `--window-id` and `--root`.
/// `args` includes the program name; arguments that are not text pass through unchanged.
pub fn normalised_args(args: Vec<OsString>) -> Result<Normalised, windows_args::SaverArgsError> {
    use windows_args::SaverRequest;
    let Some((program, rest)) = args.split_first() else {
        return Ok(Normalised::Args(args));
    };
    let text: Vec<String> = rest
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut out = vec![program.clone()];
    match windows_args::parse(&text, cfg!(windows))? {
        Some(SaverRequest::Run) => out.push("--screensaver".into()),
        Some(SaverRequest::Configure(_)) => out.push("settings".into()),
        Some(SaverRequest::Preview(handle)) => return Ok(Normalised::Preview(handle)),
        None => out.extend(rest.iter().map(|arg| match arg.to_str() {
            Some("-window-id") => "--window-id".into(),
            Some("-root") => "--root".into(),
            _ => arg.clone(),
        })),
    }
    Ok(Normalised::Args(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Vec<OsString> {
        text.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn window_ids_are_read_in_hex_or_decimal() {
        assert_eq!(parse_window_id("0x2a00007"), Ok(0x2a0_0007));
        assert_eq!(parse_window_id("44040199"), Ok(44_040_199));
        assert!(parse_window_id("window").is_err());
        assert!(parse_window_id("0x").is_err());
    }

    #[test]
    fn screensaver_host_lines_become_framewave_commands() {
        let args = |text| Ok(Normalised::Args(line(text)));
        assert_eq!(normalised_args(line("fw /s")), args("fw --screensaver"));
        assert_eq!(normalised_args(line("fw /c:77")), args("fw settings"));
        assert_eq!(
            normalised_args(line("fw -window-id 0x42 --display-secs 3")),
            args("fw --window-id 0x42 --display-secs 3")
        );
        assert_eq!(normalised_args(line("fw -root")), args("fw --root"));
        assert_eq!(
            normalised_args(line("fw render --size 8x8")),
            args("fw render --size 8x8")
        );
        assert_eq!(
            normalised_args(line("fw /p 99")),
            Ok(Normalised::Preview(99))
        );
        assert!(normalised_args(line("fw /p")).is_err());
    }
}
