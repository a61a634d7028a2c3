//! The audio devices there are, for `framewave audio-devices` and the settings panel: cpal's
//! inputs and outputs, and the sound server's monitors (what each output plays). Opening a
//! device to ask about it may fail (no sound card, a busy device): such a device is listed
//! with what is known, never a panic.

use cpal::traits::{DeviceTrait, HostTrait};

use crate::source;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    Input,
    Output,
    /// What an output plays, recorded: "what is playing".
    Monitor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The name to give as `AudioSource::Device` (an ALSA name such as `default` or
    /// `hw:CARD=0,DEV=0`, or a monitor such as `alsa_output.pci.analog-stereo.monitor`).
    pub name: String,
    /// What the system calls it, for people.
    pub description: String,
    pub kind: DeviceKind,
    /// The system's default of its kind (for a monitor: the default output's).
    pub default: bool,
    /// 0 when the device would not say.
    pub channels: u16,
    /// 0 when the device would not say.
    pub sample_rate: u32,
}

/// Every device found; empty with no sound system at all. ALSA's own messages about devices
/// that do not open are kept off stderr on the calling thread from then on.
pub fn list() -> Vec<DeviceInfo> {
    crate::quiet::quiet_alsa_on_this_thread();
    let mut found = Vec::new();
    if let Ok(devices) = cpal::default_host().devices() {
        for device in devices {
            let name = device.id().map(|id| id.id().to_owned()).unwrap_or_default();
            let description = device
                .description()
                .map(|d| d.name().to_owned())
                .unwrap_or_else(|_| name.clone());
            let default = name == "default";
            let kinds = [
                (DeviceKind::Input, device.default_input_config()),
                (DeviceKind::Output, device.default_output_config()),
            ];
            for (kind, config) in kinds {
                // A device that will not even say its format cannot be opened that way.
                let Ok(config) = config else { continue };
                found.push(DeviceInfo {
                    name: name.clone(),
                    description: description.clone(),
                    kind,
                    default,
                    channels: config.channels(),
                    sample_rate: config.sample_rate(),
                });
            }
        }
    }
    let default_monitor = source::default_sink().map(|sink| format!("{sink}.monitor"));
    found.extend(source::monitors().into_iter().map(|m| DeviceInfo {
        default: default_monitor.as_deref() == Some(m.name.as_str()),
        description: format!("what {} plays", m.name.trim_end_matches(".monitor")),
        name: m.name,
        kind: DeviceKind::Monitor,
        channels: m.channels,
        sample_rate: m.sample_rate,
    }));
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn listing_never_panics_even_without_a_sound_card() {
        for device in super::list() {
            assert!(!device.name.is_empty());
        }
    }
}
