//! sRGB encoding as tables: 8-bit sRGB to 16-bit linear, and 12-bit linear back to 8-bit sRGB.

use std::sync::LazyLock;

/// Bits of linear precision the encoder looks up by: finer than 8-bit sRGB needs anywhere.
pub const ENCODE_BITS: u32 = 12;

fn to_linear(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn to_srgb(l: f32) -> f32 {
    if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    }
}

/// 8-bit sRGB to linear, 0..=65535.
pub static LINEAR: LazyLock<[u16; 256]> = LazyLock::new(|| {
    std::array::from_fn(|i| (to_linear(i as f32 / 255.0) * 65535.0).round() as u16)
});

/// Linear (top [`ENCODE_BITS`] bits of 16) to 8-bit sRGB, each entry the value at the middle
/// of its bucket.
pub static SRGB: LazyLock<Encoder> = LazyLock::new(|| {
    let buckets = 1usize << ENCODE_BITS;
    Encoder(std::array::from_fn(|i| {
        let l = (i as f32 + 0.5) / buckets as f32;
        (to_srgb(l) * 255.0).round() as u8
    }))
});

/// A linear value (0..=65535) as the encoder's table index.
#[inline]
pub fn to_index(linear: u16) -> u16 {
    linear >> (16 - ENCODE_BITS)
}

/// The linear-to-sRGB table; take it once per frame (each use of the static is a check).
pub struct Encoder([u8; 1 << ENCODE_BITS]);

impl Encoder {
    /// Linear 0..=65535 to 8-bit sRGB.
    #[inline]
    pub fn encode(&self, linear: u32) -> u8 {
        // Masked: no bounds check in the per-pixel loop.
        self.0[(linear >> (16 - ENCODE_BITS)) as usize & ((1 << ENCODE_BITS) - 1)]
    }

    /// Linear RGB already cut to [`ENCODE_BITS`] (see [`to_index`]) as a 0x00RRGGBB pixel.
    #[inline]
    pub fn pack_indices(&self, r: u16, g: u16, b: u16) -> u32 {
        let at = |i: u16| u32::from(self.0[usize::from(i) & ((1 << ENCODE_BITS) - 1)]);
        (at(r) << 16) | (at(g) << 8) | at(b)
    }

    /// Linear RGB (0..=65535 each) as a 0x00RRGGBB pixel.
    #[inline]
    pub fn pack(&self, r: u32, g: u32, b: u32) -> u32 {
        (u32::from(self.encode(r)) << 16)
            | (u32::from(self.encode(g)) << 8)
            | u32::from(self.encode(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_srgb_value_survives_the_round_trip() {
        // The darkest values are a bucket apart in 12 bits: within one step of 255.
        for c in 0..=255u8 {
            let back = SRGB.encode(u32::from(LINEAR[usize::from(c)]));
            assert!(back.abs_diff(c) <= 1, "{c} -> {back}");
        }
        assert_eq!(SRGB.encode(0), 0);
        assert_eq!(SRGB.encode(65535), 255);
    }
}
