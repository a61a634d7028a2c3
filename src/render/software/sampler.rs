//! Bilinear sampling of a photo along one axis at a time: the cover/Ken Burns mapping is an
//! axis-aligned scale and offset, so each column's and each row's taps are worked out once per
//! frame, not once per pixel.

use super::photo::CpuPhoto;
use crate::render::UvRect;

/// Where one target column (or row) reads the photo: two neighbouring texels and the weight
/// of the second, in 1/256ths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tap {
    pub first: u32,
    pub second: u32,
    pub weight: u32,
}

/// The taps of every target pixel along one axis: target pixel `i` (of `target` pixels) at uv
/// `(i + 0.5) / target + shift`, clamped to 0..1, mapped by `scale`/`offset` into a photo of
/// `photo` texels (pixel centres at half-texels, edges clamped).
pub fn taps(target: u32, photo: u32, scale: f32, offset: f32, shift: f32) -> Vec<Tap> {
    let last = photo.saturating_sub(1) as f32;
    (0..target)
        .map(|i| {
            let uv = ((i as f32 + 0.5) / target as f32 + shift).clamp(0.0, 1.0);
            let texel = ((uv * scale + offset) * photo as f32 - 0.5).clamp(0.0, last);
            // A texel centre missed by rounding alone is the texel: photos prepared at the
            // window's size map texel for texel, and are copied, not filtered.
            let nearest = texel.round();
            let texel = if (texel - nearest).abs() < 1e-3 {
                nearest
            } else {
                texel
            };
            let first = texel.floor();
            Tap {
                first: first as u32,
                second: (first + 1.0).min(last) as u32,
                weight: ((texel - first) * 256.0).round() as u32,
            }
        })
        .collect()
}

/// A photo as seen through `rect` on a `size` target, moved by `shift` (in target uv).
#[derive(Debug)]
pub struct View<'a> {
    photo: &'a CpuPhoto,
    columns: Vec<Tap>,
    rows: Vec<Tap>,
    /// Column `i` is texel `i` exactly: a row is read as it is stored.
    columns_as_stored: bool,
    /// Every column reads one whole texel (a photo moved by whole pixels): no filtering, and
    /// a row is copied as runs of texels.
    columns_whole: Option<Vec<Run>>,
}

impl<'a> View<'a> {
    pub fn new(photo: &'a CpuPhoto, rect: UvRect, size: (u32, u32), shift: [f32; 2]) -> Self {
        let columns = taps(size.0, photo.width, rect.scale[0], rect.offset[0], shift[0]);
        let columns_as_stored = columns.len() == photo.width as usize
            && columns
                .iter()
                .enumerate()
                .all(|(i, tap)| tap.first as usize == i && tap.weight == 0);
        let columns_whole = columns
            .iter()
            .all(|tap| tap.weight == 0)
            .then(|| runs(&columns));
        Self {
            photo,
            columns_whole,
            columns,
            rows: taps(
                size.1,
                photo.height,
                rect.scale[1],
                rect.offset[1],
                shift[1],
            ),
            columns_as_stored,
        }
    }

    /// Linear RGB of target row `y` (3 values a pixel): the photo's own row when it maps
    /// texel for texel, else sampled into `scratch`.
    pub fn row<'b>(&'b self, y: u32, scratch: &'b mut Vec<u16>) -> &'b [u16] {
        let row = self.rows[y as usize];
        let width = self.photo.width as usize * 3;
        let stored = |texel_row: u32| {
            let start = texel_row as usize * width;
            &self.photo.linear[start..start + width]
        };
        if self.columns_as_stored && row.weight == 0 {
            return stored(row.first);
        }
        scratch.clear();
        let (top, bottom) = (stored(row.first), stored(row.second));
        if let (Some(runs), 0) = (&self.columns_whole, row.weight) {
            for run in runs {
                let at = run.first as usize * 3;
                let count = run.count as usize;
                if run.repeated {
                    let texel: [u16; 3] = top[at..at + 3].try_into().expect("three values");
                    scratch.extend(std::iter::repeat_n(texel, count).flatten());
                } else {
                    scratch.extend_from_slice(&top[at..at + count * 3]);
                }
            }
            return scratch;
        }
        for tap in &self.columns {
            let (a, b) = (tap.first as usize * 3, tap.second as usize * 3);
            for channel in 0..3 {
                let lerp = |line: &[u16]| {
                    u32::from(line[a + channel]) * (256 - tap.weight)
                        + u32::from(line[b + channel]) * tap.weight
                };
                let value = if row.weight == 0 {
                    lerp(top) >> 8
                } else {
                    (lerp(top) * (256 - row.weight) + lerp(bottom) * row.weight) >> 16
                };
                scratch.push(value as u16);
            }
        }
        scratch
    }
}

/// Texels read unfiltered: `count` consecutive ones from `first`, or `first` `count` times
/// (where a moved photo has run out, its edge repeats).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    first: u32,
    count: u32,
    repeated: bool,
}

/// Unfiltered taps as runs of consecutive or repeated texels.
fn runs(columns: &[Tap]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for tap in columns {
        match runs.last_mut() {
            Some(run) if !run.repeated && run.first + run.count == tap.first => run.count += 1,
            Some(run) if (run.repeated || run.count == 1) && run.first == tap.first => {
                run.repeated = true;
                run.count += 1;
            }
            _ => runs.push(Run {
                first: tap.first,
                count: 1,
                repeated: false,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_of_the_target_size_maps_texel_for_texel() {
        let taps = taps(4, 4, 1.0, 0.0, 0.0);
        for (i, tap) in taps.iter().enumerate() {
            assert_eq!((tap.first, tap.weight), (i as u32, 0), "{taps:?}");
        }
    }

    #[test]
    fn whole_texel_taps_are_read_as_runs() {
        // Moved two texels left: the edge texel repeats where the photo has run out.
        let taps = taps(6, 6, 1.0, 0.0, 2.0 / 6.0);
        let run = |first, count, repeated| Run {
            first,
            count,
            repeated,
        };
        assert_eq!(runs(&taps), vec![run(2, 4, false), run(5, 2, true)]);
    }

    #[test]
    fn a_shift_past_the_edge_clamps_to_the_edge() {
        let taps = taps(4, 4, 1.0, 0.0, 2.0);
        assert!(taps.iter().all(|t| t.first == 3 && t.second == 3));
    }
}
