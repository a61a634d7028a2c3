//! Deliberate misbehaviour of the audio worker, so tests can prove the UI survives it.
//! Selected with the hidden `--fault` option; a normal run has none.

use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioFault {
    /// Abort the process this long after it starts (a crash mid-capture).
    CrashAfter(Duration),
    /// This long after the source is first opened, behave as if its device vanished.
    VanishDeviceAfter(Duration),
}

impl FromStr for AudioFault {
    type Err = String;

    /// `crash-after-ms:N` or `vanish-device-after-ms:N` (`=` for `:` too, as the decode
    /// worker's faults are written).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (key, value) = text.split_once([':', '=']).ok_or_else(|| unknown(text))?;
        let after = Duration::from_millis(value.parse().map_err(|_| unknown(text))?);
        match key {
            "crash-after-ms" => Ok(Self::CrashAfter(after)),
            "vanish-device-after-ms" => Ok(Self::VanishDeviceAfter(after)),
            _ => Err(unknown(text)),
        }
    }
}

impl AudioFault {
    /// The `--fault` option's value: `none` (the default) or a fault.
    pub fn parse_option(text: &str) -> Result<Option<Self>, String> {
        match text {
            "" | "none" => Ok(None),
            _ => text.parse().map(Some),
        }
    }
}

fn unknown(text: &str) -> String {
    format!("unknown audio fault {text:?} (crash-after-ms:N, vanish-device-after-ms:N)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_read_from_their_option() {
        assert_eq!(
            "crash-after-ms:250".parse(),
            Ok(AudioFault::CrashAfter(Duration::from_millis(250)))
        );
        assert_eq!(
            "vanish-device-after-ms=1000".parse(),
            Ok(AudioFault::VanishDeviceAfter(Duration::from_secs(1)))
        );
        assert!("crash-after-ms:soon".parse::<AudioFault>().is_err());
        assert!("explode".parse::<AudioFault>().is_err());
        assert_eq!(AudioFault::parse_option("none"), Ok(None));
        assert!(
            AudioFault::parse_option("crash-after-ms:5")
                .unwrap()
                .is_some()
        );
    }
}
