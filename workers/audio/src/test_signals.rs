//! Sounds the analysis tests are fed.

/// The rate they are made at.
pub const RATE: u32 = 48_000;

/// A short percussive hit (a decaying noise burst with a tone in it) at each of `times`.
pub fn hits(times: &[f64], seconds: f64) -> Vec<f32> {
    let mut samples = vec![0.0f32; (seconds * f64::from(RATE)) as usize];
    let mut noise = 0x2545_f491_u32;
    for &t in times {
        let start = (t * f64::from(RATE)) as usize;
        for i in 0..2_400 {
            let Some(s) = samples.get_mut(start + i) else {
                break;
            };
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            let white = (noise as f32 / u32::MAX as f32) * 2.0 - 1.0;
            let tone = (std::f32::consts::TAU * 1_000.0 * i as f32 / RATE as f32).sin();
            *s += (0.5 * white + 0.5 * tone) * (-(i as f32) / 300.0).exp();
        }
    }
    samples
}
