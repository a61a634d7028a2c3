//! Colours along the bars: a theme's gradient, or one taken from the photo on screen.

use egui::Color32;

use super::style::Theme;

/// A gradient from low (0) to high (1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    stops: [[f32; 3]; 3],
}

impl Palette {
    /// The theme's gradient; `photo` (the photo's own colours, see [`Palette::from_photo`])
    /// for [`Theme::Photo`], which falls back to Aurora until there is a photo.
    pub fn new(theme: Theme, photo: Option<Palette>) -> Self {
        let stops = match theme {
            Theme::Aurora => [[0.0, 0.82, 0.75], [0.23, 0.48, 0.84], [0.64, 0.29, 1.0]],
            Theme::Ember => [[0.75, 0.1, 0.12], [1.0, 0.45, 0.1], [1.0, 0.82, 0.3]],
            Theme::Ice => [[0.35, 0.65, 1.0], [0.6, 0.85, 1.0], [0.95, 0.98, 1.0]],
            Theme::Mono => [[0.85, 0.85, 0.85], [0.93, 0.93, 0.93], [1.0, 1.0, 1.0]],
            Theme::Photo => return photo.unwrap_or_else(|| Self::new(Theme::Aurora, None)),
        };
        Self { stops }
    }

    /// A gradient from a photo's colours (`samples`, sRGB 0..1): its dominant hue, made
    /// bright and saturated enough to read over it, turning a little towards its neighbour
    /// on the colour wheel. A grey photo gives a soft white.
    pub fn from_photo(samples: &[[f32; 3]]) -> Self {
        // The most colourful hue: twelve bins of 30 degrees, each sample weighing as much as
        // it is colourful; the heaviest bin's mean hue. (A mean over all hues would land
        // between an orange flower and a blue sky, on a colour the photo does not have.)
        let mut bins = [(0.0f32, 0.0f32, 0.0f32); 12];
        let mut total = 0.0;
        for rgb in samples {
            let (hue, saturation, value) = hsv(*rgb);
            let w = saturation * value;
            let bin = &mut bins[(hue / 30.0) as usize % 12];
            bin.0 += w * hue.to_radians().cos();
            bin.1 += w * hue.to_radians().sin();
            bin.2 += w;
            total += w;
        }
        let (x, y, weight) = bins
            .into_iter()
            .max_by(|a, b| a.2.total_cmp(&b.2))
            .unwrap_or_default();
        let hue = y.atan2(x).to_degrees().rem_euclid(360.0);
        // Grey photos get little saturation: the bars stay readable without a made-up hue.
        let colourful = total / samples.len().max(1) as f32;
        let saturation = if weight > 0.0 {
            (colourful * 3.0).clamp(0.08, 0.8)
        } else {
            0.0
        };
        Self {
            stops: [
                rgb_of(hue, saturation, 0.85),
                rgb_of(hue + 15.0, saturation * 0.85, 0.95),
                rgb_of(hue + 30.0, saturation * 0.55, 1.0),
            ],
        }
    }

    /// The colour at `t` (0..1), with `alpha` (0..1), premultiplied as egui wants it.
    pub fn at(&self, t: f32, alpha: f32) -> Color32 {
        let t = t.clamp(0.0, 1.0) * 2.0;
        let (a, b, f) = if t < 1.0 {
            (self.stops[0], self.stops[1], t)
        } else {
            (self.stops[1], self.stops[2], t - 1.0)
        };
        let mix = |i: usize| a[i] + (b[i] - a[i]) * f;
        let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        Color32::from_rgba_unmultiplied(byte(mix(0)), byte(mix(1)), byte(mix(2)), byte(alpha))
    }
}

/// Samples taken across a photo for its colours: a grid of 16 by 16, enough to tell its
/// dominant hue and cheap enough for the render loop (256 reads). `pixel` gives the colour
/// (sRGB 0..1) of the pixel at an index, row by row.
pub fn grid_samples(width: u32, height: u32, pixel: impl Fn(usize) -> [f32; 3]) -> Vec<[f32; 3]> {
    const SIDE: u32 = 16;
    let mut samples = Vec::with_capacity((SIDE * SIDE) as usize);
    if width == 0 || height == 0 {
        return samples;
    }
    for j in 0..SIDE {
        for i in 0..SIDE {
            let x = ((2 * i + 1) * width / (2 * SIDE)) as usize;
            let y = ((2 * j + 1) * height / (2 * SIDE)) as usize;
            samples.push(pixel(y * width as usize + x));
        }
    }
    samples
}

fn hsv([r, g, b]: [f32; 3]) -> (f32, f32, f32) {
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let delta = max - min;
    let hue = if delta <= f32::EPSILON {
        0.0
    } else if max == r {
        60.0 * ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / delta + 2.0)
    } else {
        60.0 * ((r - g) / delta + 4.0)
    };
    let saturation = if max <= f32::EPSILON {
        0.0
    } else {
        delta / max
    };
    (hue, saturation, max)
}

fn rgb_of(hue: f32, saturation: f32, value: f32) -> [f32; 3] {
    let hue = hue.rem_euclid(360.0) / 60.0;
    let chroma = value * saturation;
    let x = chroma * (1.0 - (hue % 2.0 - 1.0).abs());
    let (r, g, b) = match hue as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = value - chroma;
    [r + m, g + m, b + m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_palette_takes_the_photo_hue() {
        // Orange flowers, a little green and blue: orange wins, not a hue in between.
        let mut mixed = vec![[0.95, 0.5, 0.1]; 50];
        mixed.extend(vec![[0.2, 0.6, 0.2]; 30]);
        mixed.extend(vec![[0.2, 0.3, 0.8]; 20]);
        let low = Palette::from_photo(&mixed).at(0.0, 1.0);
        assert!(low.r() > low.g() && low.g() > low.b(), "{low:?}");
        // A mostly red photo with some grey: the gradient starts red.
        let mut samples = vec![[0.8, 0.1, 0.1]; 60];
        samples.extend(vec![[0.5, 0.5, 0.5]; 40]);
        let low = Palette::from_photo(&samples).at(0.0, 1.0);
        assert!(low.r() > 150 && low.g() < 120 && low.b() < 120, "{low:?}");
        // A grey photo: a soft white, not a made-up colour.
        let grey = Palette::from_photo(&[[0.4, 0.4, 0.4]; 10]).at(0.0, 1.0);
        let spread = grey.r().max(grey.g()).max(grey.b()) - grey.r().min(grey.g()).min(grey.b());
        assert!(spread < 30, "{grey:?}");
    }

    #[test]
    fn gradients_run_from_their_first_stop_to_their_last() {
        let ember = Palette::new(Theme::Ember, None);
        assert_eq!(ember.at(0.0, 1.0), Color32::from_rgb(191, 26, 31));
        assert_eq!(ember.at(1.0, 1.0), Color32::from_rgb(255, 209, 77));
        assert_eq!(
            Palette::new(Theme::Photo, None),
            Palette::new(Theme::Aurora, None)
        );
    }
}
