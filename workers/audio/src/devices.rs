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
    let host = cpal::default_host();
    let mut found = Vec::new();
    for device in host.devices().into_iter().flatten() {
        describe(&device, false, &mut found);
    }
    // ALSA lists its `default` only when a configuration names it; it is the one cpal opens
    // by default, so it is listed whenever it opens.
    let defaults = [host.default_input_device(), host.default_output_device()];
    for device in defaults.into_iter().flatten() {
        if let Some(name) = name_of(&device) {
            found.retain(|d| d.name != name);
        }
        describe(&device, true, &mut found);
    }
    found.sort_by_key(|d| d.kind == DeviceKind::Output);
    found.dedup();
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

fn name_of(device: &cpal::Device) -> Option<String> {
    device.id().ok().map(|id| id.id().to_owned())
}

/// An entry for each way `device` opens (input, output).
fn describe(device: &cpal::Device, default: bool, found: &mut Vec<DeviceInfo>) {
    let Some(name) = name_of(device) else { return };
    let description = device
        .description()
        .map(|d| d.name().to_owned())
        .unwrap_or_else(|_| name.clone());
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
            default: default || name == "default",
            channels: config.channels(),
            sample_rate: config.sample_rate(),
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn listing_never_panics_even_without_a_sound_card() {
        let devices = super::list();
        for device in &devices {
            assert!(!device.name.is_empty());
        }
        let defaults = devices.iter().filter(|d| d.default && d.name == "default");
        assert!(defaults.count() <= 2, "{devices:?}");
    }
}
