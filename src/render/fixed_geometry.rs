//! The compositor rung's geometry: a frame as textured triangles with a per-vertex alpha, the
//! most a fixed pipeline can do. Crossfade is the new photo over the old at the progress's
//! alpha; a slide is both photos as moved rectangles; a wipe is the new photo cut to the part
//! revealed, its soft edge a few strips whose alpha follows the software rung's smoothstep.

use super::cover::UvRect;
use super::fixed_blend::Blend;

/// One corner of a triangle: where it is (target uv, origin top left), where it reads the
/// photo (photo uv), and how opaque it is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct Vertex {
    pub position: [f32; 2],
    pub uv: [f32; 2],
    pub alpha: f32,
}

/// Which photo a piece shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    From,
    To,
}

/// Triangles of one photo, drawn over what is already there.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub source: Source,
    /// A triangle list.
    pub vertices: Vec<Vertex>,
}

/// Strips a wipe's soft edge is drawn with: the alpha is exact at their borders and linear
/// between, within 1% of the smoothstep the other rungs use.
const WIPE_EDGE_STRIPS: usize = 8;

/// How each photo maps target uv to photo uv, and where it is moved to.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub rect: UvRect,
    /// Added to target uv before reading the photo (a slide).
    pub shift: [f32; 2],
}

impl Placement {
    pub fn still(rect: UvRect) -> Self {
        Self {
            rect,
            shift: [0.0; 2],
        }
    }

    fn vertex(&self, position: [f32; 2], alpha: f32) -> Vertex {
        let read =
            |i: usize| (position[i] + self.shift[i]) * self.rect.scale[i] + self.rect.offset[i];
        Vertex {
            position,
            uv: [read(0), read(1)],
            alpha,
        }
    }

    /// Where this photo lands on the target: the target, less what was moved off it.
    fn footprint(&self) -> Polygon {
        let mut polygon = Polygon::target();
        for axis in 0..2 {
            let mut normal = [0.0; 2];
            normal[axis] = 1.0;
            // 0 <= t + shift <= 1 along this axis.
            polygon = polygon.clip(normal, self.shift[axis]);
            normal[axis] = -1.0;
            polygon = polygon.clip(normal, 1.0 - self.shift[axis]);
        }
        polygon
    }
}

/// The pieces of one photo shown whole.
pub fn still(placement: Placement) -> Vec<Piece> {
    vec![piece(Source::From, &placement.footprint(), |p| {
        placement.vertex(p, 1.0)
    })]
}

/// The pieces of a frame between two photos, `progress` strictly between 0 and 1.
pub fn between(from: UvRect, to: UvRect, blend: Blend, progress: f32) -> Vec<Piece> {
    let (from_shift, to_shift) = blend.shifts(progress);
    let from = Placement {
        rect: from,
        shift: from_shift,
    };
    let to = Placement {
        rect: to,
        shift: to_shift,
    };
    let old = piece(Source::From, &from.footprint(), |p| from.vertex(p, 1.0));
    match blend {
        Blend::Crossfade => vec![
            old,
            piece(Source::To, &to.footprint(), |p| to.vertex(p, progress)),
        ],
        Blend::Slide { .. } => vec![
            old,
            piece(Source::To, &to.footprint(), |p| to.vertex(p, 1.0)),
        ],
        Blend::Wipe { axis, softness } => {
            let mut vertices = Vec::new();
            let along = |p: [f32; 2]| Blend::wipe_along(axis, p[0], p[1]);
            let edge = Blend::wipe_edge(softness, progress);
            // along(t) = dot(axis, t) / span + c: a band a <= along <= b is two half-planes.
            let span = axis[0].abs() + axis[1].abs();
            let lo = axis[0].min(0.0) + axis[1].min(0.0);
            let band = |a: f32, b: f32| {
                let normal = [axis[0] / span, axis[1] / span];
                Polygon::target()
                    .clip(normal, -lo / span - a)
                    .clip([-normal[0], -normal[1]], lo / span + b)
            };
            // Wholly revealed, then the soft edge strip by strip.
            let revealed = band(f32::NEG_INFINITY, edge);
            vertices.extend(piece(Source::To, &revealed, |p| to.vertex(p, 1.0)).vertices);
            for strip in 0..WIPE_EDGE_STRIPS {
                let a = edge + softness * strip as f32 / WIPE_EDGE_STRIPS as f32;
                let b = edge + softness * (strip + 1) as f32 / WIPE_EDGE_STRIPS as f32;
                let (wa, wb) = (
                    Blend::wipe_weight(softness, progress, a),
                    Blend::wipe_weight(softness, progress, b),
                );
                let alpha = |p: [f32; 2]| {
                    let t = ((along(p) - a) / (b - a)).clamp(0.0, 1.0);
                    wa + (wb - wa) * t
                };
                let strip = band(a, b);
                vertices.extend(piece(Source::To, &strip, |p| to.vertex(p, alpha(p))).vertices);
            }
            vec![
                old,
                Piece {
                    source: Source::To,
                    vertices,
                },
            ]
        }
    }
}

fn piece(source: Source, polygon: &Polygon, vertex: impl Fn([f32; 2]) -> Vertex) -> Piece {
    Piece {
        source,
        vertices: polygon.triangles().map(vertex).collect(),
    }
}

/// A convex polygon in target uv.
#[derive(Debug, Clone)]
struct Polygon(Vec<[f32; 2]>);

impl Polygon {
    fn target() -> Self {
        Self(vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    }

    /// What lies where `dot(normal, p) + offset >= 0` (Sutherland-Hodgman, one plane).
    fn clip(&self, normal: [f32; 2], offset: f32) -> Self {
        let side = |p: [f32; 2]| normal[0] * p[0] + normal[1] * p[1] + offset;
        let mut kept = Vec::with_capacity(self.0.len() + 1);
        for (i, &p) in self.0.iter().enumerate() {
            let q = self.0[(i + 1) % self.0.len()];
            let (sp, sq) = (side(p), side(q));
            if sp >= 0.0 {
                kept.push(p);
            }
            if (sp >= 0.0) != (sq >= 0.0) {
                let t = sp / (sp - sq);
                kept.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
            }
        }
        Self(kept)
    }

    /// A fan of triangles, as corner positions; none for a polygon with no area.
    fn triangles(&self) -> impl Iterator<Item = [f32; 2]> + '_ {
        let corners = &self.0;
        (1..corners.len().saturating_sub(1))
            .flat_map(move |i| [corners[0], corners[i], corners[i + 1]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(vertices: &[Vertex]) -> f32 {
        vertices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [t[0].position, t[1].position, t[2].position];
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }

    #[test]
    fn a_still_photo_covers_the_target_reading_its_own_uv() {
        let pieces = still(Placement::still(UvRect::WHOLE));
        assert_eq!(pieces.len(), 1);
        assert!((area(&pieces[0].vertices) - 1.0).abs() < 1e-6);
        assert!(pieces[0].vertices.iter().all(|v| v.uv == v.position));
    }

    #[test]
    fn a_slide_splits_the_target_between_the_photos() {
        let blend = Blend::Slide {
            motion: [-1.0, 0.0],
        };
        let pieces = between(UvRect::WHOLE, UvRect::WHOLE, blend, 0.25);
        let (from, to) = (area(&pieces[0].vertices), area(&pieces[1].vertices));
        assert!((from - 0.75).abs() < 1e-6, "{from}");
        assert!((to - 0.25).abs() < 1e-6, "{to}");
        // The old photo has moved left by a quarter: its left edge is off screen.
        let leftmost = pieces[0]
            .vertices
            .iter()
            .map(|v| v.uv[0])
            .fold(1.0, f32::min);
        assert!((leftmost - 0.25).abs() < 1e-6);
    }

    #[test]
    fn a_wipe_reveals_the_new_photo_behind_a_soft_edge_that_follows_smoothstep() {
        let softness = 0.1;
        let blend = Blend::Wipe {
            axis: [1.0, 0.0],
            softness,
        };
        let progress = 0.5;
        let pieces = between(UvRect::WHOLE, UvRect::WHOLE, blend, progress);
        let to = &pieces[1].vertices;
        // Revealed up to the edge, plus the soft band weighted by its alpha.
        let edge = Blend::wipe_edge(softness, progress);
        let covered = area(to);
        assert!((covered - (edge + softness)).abs() < 1e-4, "{covered}");
        for v in to {
            let expected = Blend::wipe_weight(softness, progress, v.position[0]);
            assert!((v.alpha - expected).abs() < 0.01, "{v:?} vs {expected}");
        }
    }

    #[test]
    fn a_diagonal_wipe_stays_inside_the_target() {
        let d = std::f32::consts::FRAC_1_SQRT_2;
        let blend = Blend::Wipe {
            axis: [-d, d],
            softness: 0.08,
        };
        for progress in [0.1, 0.5, 0.9] {
            let pieces = between(UvRect::WHOLE, UvRect::WHOLE, blend, progress);
            for v in &pieces[1].vertices {
                assert!(
                    (0.0..=1.0).contains(&v.position[0]) && (0.0..=1.0).contains(&v.position[1])
                );
            }
            assert!(area(&pieces[1].vertices) <= 1.0 + 1e-5);
        }
    }
}
