//! Compositing one frame on the CPU: each target row is sampled from both photos, blended in
//! linear light with the transition's weight, and encoded to sRGB.

use super::color::{SRGB, to_index};
use super::photo::CpuPhoto;
use super::sampler::View;
use crate::render::fixed_blend::{Blend, StandInNotice};
use crate::render::{Drawn, Layer, Scene};

/// Draws scenes of [`CpuPhoto`]s into 0RGB pixels (softbuffer's format).
#[derive(Debug, Default)]
pub struct SoftwareCompositor {
    stand_ins: StandInNotice,
    /// Scratch rows of linear RGB.
    from_row: Vec<u16>,
    to_row: Vec<u16>,
    /// Scratch: each pixel's weight of the new photo along a row, and a blended row.
    weights: Vec<u16>,
    mixed: Vec<u16>,
}

impl SoftwareCompositor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Composites `scene` into `target` (`size.0 * size.1` pixels, 0x00RRGGBB).
    pub fn draw(&mut self, target: &mut [u32], size: (u32, u32), scene: Scene<'_, CpuPhoto>) {
        let (width, height) = size;
        assert_eq!(target.len(), width as usize * height as usize);
        match scene.drawn() {
            Drawn::Nothing => target.fill(0),
            Drawn::Photo(layer) => {
                let view = view(layer, size, [0.0; 2]);
                let srgb = &*SRGB;
                for (y, out) in (0..height).zip(target.chunks_exact_mut(width as usize)) {
                    let row = view.row(y, &mut self.from_row);
                    for (pixel, rgb) in out.iter_mut().zip(row.chunks_exact(3)) {
                        *pixel = srgb.pack(rgb[0].into(), rgb[1].into(), rgb[2].into());
                    }
                }
            }
            Drawn::Between {
                from,
                to,
                progress,
                run,
            } => {
                self.stand_ins.note(&run.name, "software");
                self.between(target, size, from, to, progress, Blend::of(run));
            }
        }
    }

    fn between(
        &mut self,
        target: &mut [u32],
        (width, height): (u32, u32),
        from: Layer<'_, CpuPhoto>,
        to: Layer<'_, CpuPhoto>,
        progress: f32,
        blend: Blend,
    ) {
        let size = (width, height);
        // A slide moves by whole pixels: both photos are read as copies of their rows, not
        // filtered (sharp, and a quarter of the cost), and stay exactly a frame apart, their
        // seam on a pixel boundary. Progress 0 and 1 stay exact.
        let progress = match blend {
            Blend::Slide { motion } => {
                let pixels = if motion[0] != 0.0 { width } else { height } as f32;
                (progress * pixels).round() / pixels
            }
            _ => progress,
        };
        // Where each photo is read from: moved along with a slide, else in place.
        let (from_shift, to_shift) = blend.shifts(progress);
        let from_view = view(from, size, from_shift);
        let to_view = view(to, size, to_shift);
        // How much of the new photo each pixel shows, 0..=256, as a function of its uv.
        let weight = |u: f32, v: f32| -> u16 {
            let w = match blend {
                Blend::Crossfade => progress,
                Blend::Slide { motion } => {
                    // One pixel of blend across the seam (the old photo's trailing edge).
                    let along = if motion[0] != 0.0 {
                        u - motion[0] * progress
                    } else {
                        v - motion[1] * progress
                    };
                    let trailing = if motion[0] + motion[1] < 0.0 {
                        1.0 - along
                    } else {
                        along
                    };
                    let pixels = if motion[0] != 0.0 { width } else { height } as f32;
                    1.0 - (trailing * pixels + 0.5).clamp(0.0, 1.0)
                }
                Blend::Wipe { axis, softness } => {
                    Blend::wipe_weight(softness, progress, Blend::wipe_along(axis, u, v))
                }
            };
            (w.clamp(0.0, 1.0) * 256.0).round() as u16
        };
        let u = |x: usize| (x as f32 + 0.5) / width as f32;
        let shape = Shape::of(blend);
        // Weights that vary along a row only are the same for every row: worked out once.
        let weights = &mut self.weights;
        weights.clear();
        if shape == Shape::AlongRows {
            weights.extend((0..width as usize).map(|x| weight(u(x), 0.5)));
        }
        let srgb = &*SRGB;
        for (y, out) in (0..height).zip(target.chunks_exact_mut(width as usize)) {
            let v = (y as f32 + 0.5) / height as f32;
            if shape == Shape::AlongColumns {
                // One weight for the row: a row wholly of one photo is that photo's row, and
                // any other blends over plain slices, which the compiler vectorises.
                let w = weight(0.5, v);
                let mixed = &mut self.mixed;
                match w {
                    0 => {
                        let row = from_view.row(y, &mut self.from_row);
                        encode_row(out, row, srgb);
                    }
                    256.. => {
                        let row = to_view.row(y, &mut self.to_row);
                        encode_row(out, row, srgb);
                    }
                    _ => {
                        let from_row = from_view.row(y, &mut self.from_row);
                        let to_row = to_view.row(y, &mut self.to_row);
                        mixed.resize(from_row.len(), 0);
                        blend_rows(mixed, from_row, to_row, w);
                        for (pixel, rgb) in out.iter_mut().zip(mixed.chunks_exact(3)) {
                            *pixel = srgb.pack_indices(rgb[0], rgb[1], rgb[2]);
                        }
                    }
                }
                continue;
            }
            if shape == Shape::EachPixel {
                weights.clear();
                weights.extend((0..width as usize).map(|x| weight(u(x), v)));
            }
            let from_row = from_view.row(y, &mut self.from_row);
            let to_row = to_view.row(y, &mut self.to_row);
            let rows = from_row.chunks_exact(3).zip(to_row.chunks_exact(3));
            for ((pixel, (a, b)), &w) in out.iter_mut().zip(rows).zip(weights.iter()) {
                *pixel = match w {
                    0 => srgb.pack_indices(to_index(a[0]), to_index(a[1]), to_index(a[2])),
                    256.. => srgb.pack_indices(to_index(b[0]), to_index(b[1]), to_index(b[2])),
                    _ => {
                        let w = u32::from(w);
                        let mix =
                            |p: u16, q: u16| (u32::from(p) * (256 - w) + u32::from(q) * w) >> 8;
                        srgb.pack(mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]))
                    }
                };
            }
        }
    }
}

/// Which way a blend's weights vary across the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Along each row (the same for every row): a horizontal slide or wipe.
    AlongRows,
    /// Down the columns (one weight a row): a crossfade, a vertical slide or wipe.
    AlongColumns,
    /// Both ways: a diagonal wipe.
    EachPixel,
}

impl Shape {
    fn of(blend: Blend) -> Self {
        let across = |direction: [f32; 2]| match (direction[0] != 0.0, direction[1] != 0.0) {
            (true, false) => Self::AlongRows,
            (false, _) => Self::AlongColumns,
            (true, true) => Self::EachPixel,
        };
        match blend {
            Blend::Crossfade => Self::AlongColumns,
            Blend::Slide { motion } => across(motion),
            Blend::Wipe { axis, .. } => across(axis),
        }
    }
}

/// One photo's linear row, encoded as it is.
fn encode_row(out: &mut [u32], row: &[u16], srgb: &super::color::Encoder) {
    for (pixel, rgb) in out.iter_mut().zip(row.chunks_exact(3)) {
        *pixel = srgb.pack_indices(to_index(rgb[0]), to_index(rgb[1]), to_index(rgb[2]));
    }
}

fn view<'a>(layer: Layer<'a, CpuPhoto>, size: (u32, u32), shift: [f32; 2]) -> View<'a> {
    View::new(layer.photo, layer.rect(size), size, shift)
}

/// `mixed = (from * (256 - w) + to * w) / 256`, each value, as `from + (to - from) * w / 256`
/// with the difference's sign kept apart, then cut to the sRGB encoder's index: all in 16
/// bits (a high-half multiply), which the compiler vectorises eight values at a time.
fn blend_rows(mixed: &mut [u16], from: &[u16], to: &[u16], w: u16) {
    if w >= 256 {
        for (m, &q) in mixed.iter_mut().zip(to) {
            *m = to_index(q);
        }
        return;
    }
    let scale = u32::from(w << 8);
    let times = |d: u16| ((u32::from(d) * scale) >> 16) as u16;
    for ((m, &p), &q) in mixed.iter_mut().zip(from).zip(to) {
        *m = to_index(p + times(q.saturating_sub(p)) - times(p.saturating_sub(q)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::{Catalogue, TransitionRun};

    /// A photo `width` wide whose every column has a grey of its own.
    fn columns(width: u32, offset: u8) -> CpuPhoto {
        let rgba: Vec<u8> = (0..width * 2)
            .flat_map(|i| {
                let grey = offset + (i % width) as u8 * 8;
                [grey, grey, grey, 255]
            })
            .collect();
        CpuPhoto::from_rgba(width, 2, width as usize * 4, &rgba)
    }

    fn grey(pixel: u32) -> u8 {
        (pixel & 0xff) as u8
    }

    #[test]
    fn a_slide_between_pixels_moves_both_photos_by_the_same_whole_pixels() {
        let (from, to) = (columns(11, 0), columns(11, 100));
        let catalogue = Catalogue::built_in();
        let run = TransitionRun::with_defaults(catalogue.get("slide").unwrap(), None);
        let mut compositor = SoftwareCompositor::new();
        let mut target = vec![0u32; 22];
        // Half way across 11 pixels is 5.5: both photos move 6 (to the left).
        let scene = Scene::Transition {
            from: Layer::whole(&from, from.size()),
            to: Layer::whole(&to, to.size()),
            progress: 0.5,
            run: &run,
        };
        compositor.draw(&mut target, (11, 2), scene);
        let row: Vec<u8> = target[..11].iter().map(|p| grey(*p)).collect();
        let expected: Vec<u8> = (0..11u8)
            .map(|x| {
                if x < 5 {
                    (x + 6) * 8
                } else {
                    100 + (x - 5) * 8
                }
            })
            .collect();
        for (got, want) in row.iter().zip(&expected) {
            assert!(got.abs_diff(*want) <= 1, "{row:?} is not {expected:?}");
        }
    }
}
