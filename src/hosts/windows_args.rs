//! The Windows screensaver command line, parsed before the normal one on every platform (so
//! it is tested everywhere): Windows starts a screensaver as `name.scr /s` (run), `/c` or
//! `/c:HWND` (configure, with the settings dialog's owner), `/p HWND` or `/p:HWND` (preview in
//! the Display Properties' little monitor), or with no argument (configure). Case does not
//! matter, and on Windows `-` is accepted for `/`.

/// What Windows asks of a screensaver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaverRequest {
    /// `/s`: run fullscreen on every monitor.
    Run,
    /// `/c`, `/c:HWND` or nothing: the settings, owned by that window if given.
    Configure(Option<u64>),
    /// `/p HWND`: draw into that window (the preview).
    Preview(u64),
}

/// Why the arguments are not a screensaver command line Windows would give.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaverArgsError {
    #[error("{0} needs a window handle (/p HWND)")]
    MissingHandle(String),
    #[error("{0:?} is not a window handle")]
    BadHandle(String),
}

/// The request in `args` (without the program name), if they are a Windows screensaver's:
/// `None` for an ordinary framewave command line. With `windows` false (any other platform)
/// only a leading `/s`, `/c` or `/p` counts: an empty command line is the windowed show.
pub fn parse(args: &[String], windows: bool) -> Result<Option<SaverRequest>, SaverArgsError> {
    let Some(first) = args.first() else {
        return Ok(windows.then_some(SaverRequest::Configure(None)));
    };
    // `-s` and friends only on Windows: elsewhere a dash starts framewave's own options.
    let dash = if windows {
        first.strip_prefix('-')
    } else {
        None
    };
    let Some(flag) = first.strip_prefix('/').or(dash) else {
        return Ok(None);
    };
    let (name, attached) = match flag.split_once(':') {
        Some((name, handle)) => (name, Some(handle)),
        None => (flag, None),
    };
    // A handle given after a colon, or as the next argument.
    let handle = |required: bool| -> Result<Option<u64>, SaverArgsError> {
        match attached.or(args.get(1).map(String::as_str)) {
            Some(text) => parse_handle(text).map(Some),
            None if required => Err(SaverArgsError::MissingHandle(first.clone())),
            None => Ok(None),
        }
    };
    Ok(match name.to_ascii_lowercase().as_str() {
        "s" => Some(SaverRequest::Run),
        "c" => Some(SaverRequest::Configure(
            if attached.is_some() || args.len() > 1 {
                handle(false)?
            } else {
                None
            },
        )),
        "p" => Some(SaverRequest::Preview(
            handle(true)?.expect("a required handle"),
        )),
        _ => None,
    })
}

/// A window handle as Windows writes it: decimal (hexadecimal with `0x` accepted too).
pub fn parse_handle(text: &str) -> Result<u64, SaverArgsError> {
    let text = text.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| SaverArgsError::BadHandle(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn every_form_windows_uses_is_understood() {
        let cases = [
            ("/s", SaverRequest::Run),
            ("/S", SaverRequest::Run),
            ("/c", SaverRequest::Configure(None)),
            ("/c:1234", SaverRequest::Configure(Some(1234))),
            ("/C:0x1f", SaverRequest::Configure(Some(31))),
            ("/p 5678", SaverRequest::Preview(5678)),
            ("/p:5678", SaverRequest::Preview(5678)),
            ("/P 0x10", SaverRequest::Preview(16)),
        ];
        for (line, expected) in cases {
            for windows in [true, false] {
                assert_eq!(parse(&args(line), windows), Ok(Some(expected)), "{line}");
            }
        }
    }

    #[test]
    fn a_dash_counts_on_windows_only() {
        assert_eq!(parse(&args("-s"), true), Ok(Some(SaverRequest::Run)));
        assert_eq!(parse(&args("-s"), false), Ok(None));
    }

    #[test]
    fn no_argument_configures_on_windows_only_and_ordinary_lines_pass_through() {
        assert_eq!(parse(&[], true), Ok(Some(SaverRequest::Configure(None))));
        assert_eq!(parse(&[], false), Ok(None));
        for line in [
            "--photos /x",
            "show",
            "render --size 8x8",
            "--screensaver",
            "-window-id 42",
        ] {
            assert_eq!(parse(&args(line), true), Ok(None), "{line}");
        }
    }

    #[test]
    fn a_preview_without_a_good_handle_is_a_clear_error() {
        assert_eq!(
            parse(&args("/p"), true),
            Err(SaverArgsError::MissingHandle("/p".into()))
        );
        assert_eq!(
            parse(&args("/p window"), true),
            Err(SaverArgsError::BadHandle("window".into()))
        );
    }
}
