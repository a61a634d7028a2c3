//! egui's output painted on the CPU, for the software rung's on-screen text: its triangles
//! rasterized with their texture (the font atlas) and vertex colours, clipped, and blended in
//! gamma space as egui's own painters blend.

use std::collections::HashMap;

use egui::epaint::textures::TexturesDelta;
use egui::epaint::{ClippedPrimitive, ImageData, Primitive, Vertex};

/// The textures egui has handed over, kept as premultiplied sRGB texels.
#[derive(Default)]
pub struct TextPainter {
    textures: HashMap<egui::TextureId, Texture>,
}

impl std::fmt::Debug for TextPainter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextPainter")
            .field("textures", &self.textures.len())
            .finish()
    }
}

struct Texture {
    size: [usize; 2],
    pixels: Vec<egui::Color32>,
}

impl TextPainter {
    /// Applies egui's texture changes (before painting).
    pub fn update(&mut self, delta: &TexturesDelta) {
        for (id, changes) in &delta.set {
            for change in changes {
                let ImageData::Color(image) = &change.image;
                match change.pos {
                    None => {
                        self.textures.insert(
                            *id,
                            Texture {
                                size: image.size,
                                pixels: image.pixels.clone(),
                            },
                        );
                    }
                    Some([x0, y0]) => {
                        let Some(texture) = self.textures.get_mut(id) else {
                            continue;
                        };
                        for y in 0..image.size[1] {
                            for x in 0..image.size[0] {
                                let (tx, ty) = (x0 + x, y0 + y);
                                if tx < texture.size[0] && ty < texture.size[1] {
                                    texture.pixels[ty * texture.size[0] + tx] =
                                        image.pixels[y * image.size[0] + x];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Frees what egui says it no longer needs (after painting).
    pub fn free(&mut self, delta: &TexturesDelta) {
        for id in &delta.free {
            self.textures.remove(id);
        }
    }

    /// Paints `primitives` over `target` (0RGB pixels of `size`).
    pub fn paint(
        &self,
        target: &mut [u32],
        size: (u32, u32),
        pixels_per_point: f32,
        primitives: &[ClippedPrimitive],
    ) {
        for primitive in primitives {
            let Primitive::Mesh(mesh) = &primitive.primitive else {
                continue; // no paint callbacks here
            };
            let Some(texture) = self.textures.get(&mesh.texture_id) else {
                continue;
            };
            let clip = primitive.clip_rect * pixels_per_point;
            let bounds = [
                clip.min.x.max(0.0) as i32,
                clip.min.y.max(0.0) as i32,
                (clip.max.x.min(size.0 as f32)).ceil() as i32,
                (clip.max.y.min(size.1 as f32)).ceil() as i32,
            ];
            for triangle in mesh.indices.chunks_exact(3) {
                let corner = |i: u32| mesh.vertices.get(i as usize).copied();
                let (Some(a), Some(b), Some(c)) = (
                    corner(triangle[0]),
                    corner(triangle[1]),
                    corner(triangle[2]),
                ) else {
                    continue;
                };
                fill_triangle(target, size, bounds, pixels_per_point, [a, b, c], texture);
            }
        }
    }
}

/// A value across a triangle: `at_origin + per_x * x + per_y * y` (barycentric
/// interpolation is affine, so each attribute is a plane and steps by a constant per pixel).
#[derive(Debug, Clone, Copy)]
struct Plane {
    at_origin: f32,
    per_x: f32,
    per_y: f32,
}

impl Plane {
    fn at(&self, x: f32, y: f32) -> f32 {
        self.at_origin + self.per_x * x + self.per_y * y
    }
}

/// Fills one triangle: pixel centres inside it (and inside `bounds`) take the texture sample
/// times the interpolated vertex colour, blended over what is there. The visualizer's bars
/// cover much of the screen every frame, so this walks rows with stepped planes, and skips
/// texture reads where the triangle samples one texel (solid shapes use egui's white texel).
fn fill_triangle(
    target: &mut [u32],
    size: (u32, u32),
    bounds: [i32; 4],
    scale: f32,
    vertices: [Vertex; 3],
    texture: &Texture,
) {
    let p = vertices.map(|v| (v.pos.x * scale, v.pos.y * scale));
    let area = (p[1].0 - p[0].0) * (p[2].1 - p[0].1) - (p[2].0 - p[0].0) * (p[1].1 - p[0].1);
    if area.abs() < 1e-6 {
        return;
    }
    let min_x = p.iter().map(|q| q.0).fold(f32::MAX, f32::min).floor() as i32;
    let max_x = p.iter().map(|q| q.0).fold(f32::MIN, f32::max).ceil() as i32;
    let min_y = p.iter().map(|q| q.1).fold(f32::MAX, f32::min).floor() as i32;
    let max_y = p.iter().map(|q| q.1).fold(f32::MIN, f32::max).ceil() as i32;
    let (x0, x1) = (min_x.max(bounds[0]), max_x.min(bounds[2]));
    let (y0, y1) = (min_y.max(bounds[1]), max_y.min(bounds[3]));
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    // The barycentric weight of vertex i is the edge function of the opposite edge over the
    // area: affine in x and y.
    let weight = |a: (f32, f32), b: (f32, f32)| Plane {
        at_origin: ((b.1 - a.1) * a.0 - (b.0 - a.0) * a.1) / area,
        per_x: -(b.1 - a.1) / area,
        per_y: (b.0 - a.0) / area,
    };
    let w = [weight(p[1], p[2]), weight(p[2], p[0]), weight(p[0], p[1])];
    // Inside or not is decided in f64: in f32 a large triangle's weights, stepped along a row,
    // drift further than the pixel centre's offset below, and a pixel on an edge two triangles
    // share fell out of both (a hole in a filled panel) or into both.
    let q = p.map(|(x, y)| (f64::from(x), f64::from(y)));
    let area64 = (q[1].0 - q[0].0) * (q[2].1 - q[0].1) - (q[2].0 - q[0].0) * (q[1].1 - q[0].1);
    let edge = |a: (f64, f64), b: (f64, f64)| {
        [
            ((b.1 - a.1) * a.0 - (b.0 - a.0) * a.1) / area64,
            -(b.1 - a.1) / area64,
            (b.0 - a.0) / area64,
        ]
    };
    let edges = [edge(q[1], q[2]), edge(q[2], q[0]), edge(q[0], q[1])];
    let plane = |f: [f32; 3]| Plane {
        at_origin: (0..3).map(|i| f[i] * w[i].at_origin).sum(),
        per_x: (0..3).map(|i| f[i] * w[i].per_x).sum(),
        per_y: (0..3).map(|i| f[i] * w[i].per_y).sum(),
    };
    let one_texel = vertices.iter().all(|v| v.uv == vertices[0].uv);
    let texel_at = |u: f32, v: f32| {
        let tx = ((u * texture.size[0] as f32) as usize).min(texture.size[0] - 1);
        let ty = ((v * texture.size[1] as f32) as usize).min(texture.size[1] - 1);
        texture.pixels[ty * texture.size[0] + tx]
            .to_array()
            .map(f32::from)
    };
    // With one texel, it is folded into the colour planes once.
    let fixed = texel_at(vertices[0].uv.x, vertices[0].uv.y);
    let channel = |i: usize| {
        let factor = if one_texel { fixed[i] / 255.0 } else { 1.0 };
        plane(vertices.map(|v| f32::from(v.color.to_array()[i]) * factor))
    };
    let colour = [channel(0), channel(1), channel(2), channel(3)];
    let uv = (
        plane(vertices.map(|v| v.uv.x)),
        plane(vertices.map(|v| v.uv.y)),
    );
    // One colour over the whole triangle (egui's fills: a panel, a button): no colour or
    // texture to step, and an opaque one is written, not blended.
    let flat = one_texel && vertices.iter().all(|v| v.color == vertices[0].color);
    let flat_src = colour.map(|plane| plane.at(p[0].0, p[0].1));
    let flat_opaque = (flat && flat_src[3] >= 254.5).then(|| blend_over(0, flat_src));
    let width = size.0 as usize;
    for y in y0..y1 {
        // Just off the pixel centre (differently on each axis), so a pixel on an edge two
        // triangles share is inside exactly one of them and never blended twice.
        let ey = f64::from(y) + 0.5 + 2e-4;
        // Only the row's span inside the triangle is walked, not its bounding box: a fan of
        // long thin triangles (egui's filled shapes) would test every box many times over.
        let Some((start, end)) = row_span(&edges, ey, x0, x1) else {
            continue;
        };
        let (cx, cy) = (start as f32 + 0.5 + 1e-4, y as f32 + 0.5 + 2e-4);
        let ex = f64::from(start) + 0.5 + 1e-4;
        let mut inside = edges.map(|[at_origin, per_x, per_y]| at_origin + per_x * ex + per_y * ey);
        let mut value = colour.map(|plane| plane.at(cx, cy));
        let mut at_uv = (uv.0.at(cx, cy), uv.1.at(cx, cy));
        let row = &mut target[y as usize * width..][..width];
        if flat {
            for pixel in &mut row[start as usize..end as usize] {
                if inside.iter().all(|w| *w >= 0.0) {
                    *pixel = flat_opaque.unwrap_or_else(|| blend_over(*pixel, flat_src));
                }
                for (weight, edge) in inside.iter_mut().zip(&edges) {
                    *weight += edge[1];
                }
            }
            continue;
        }
        for pixel in &mut row[start as usize..end as usize] {
            if inside.iter().all(|w| *w >= 0.0) {
                let src = if one_texel {
                    value
                } else {
                    let texel = texel_at(at_uv.0, at_uv.1);
                    [0, 1, 2, 3].map(|i| value[i] * texel[i] / 255.0)
                };
                *pixel = blend_over(*pixel, src);
            }
            for (weight, edge) in inside.iter_mut().zip(&edges) {
                *weight += edge[1];
            }
            for (channel, plane) in value.iter_mut().zip(&colour) {
                *channel += plane.per_x;
            }
            at_uv.0 += uv.0.per_x;
            at_uv.1 += uv.1.per_x;
        }
    }
}

/// The pixels `start..end` of the row at `ey` that may be inside every edge (weights affine in
/// x), within `x0..x1`, a pixel wider on each side than the edges say: the exact test is the
/// caller's. `None` when the row misses the triangle.
fn row_span(edges: &[[f64; 3]; 3], ey: f64, x0: i32, x1: i32) -> Option<(i32, i32)> {
    let (mut low, mut high) = (f64::from(x0), f64::from(x1));
    for [at_origin, per_x, per_y] in edges {
        let at_x0 = at_origin + per_y * ey;
        if *per_x == 0.0 {
            if at_x0 < 0.0 {
                return None;
            }
            continue;
        }
        // Where the weight crosses zero, as a pixel index (centres are at x + 0.5).
        let crossing = -at_x0 / per_x - 0.5;
        if *per_x > 0.0 {
            low = low.max(crossing.floor() - 1.0);
        } else {
            high = high.min(crossing.ceil() + 2.0);
        }
    }
    let (start, end) = (
        low.max(f64::from(x0)) as i32,
        high.min(f64::from(x1)) as i32,
    );
    (start < end).then_some((start, end))
}

/// `src` (premultiplied RGBA, 0..255) over the 0RGB pixel `dst`.
fn blend_over(dst: u32, [r, g, b, a]: [f32; 4]) -> u32 {
    let keep = 1.0 - a.clamp(0.0, 255.0) / 255.0;
    // `as` saturates: no clamping needed, and +0.5 rounds without a call to libm.
    let over = |src: f32, shift: u32| {
        let d = ((dst >> shift) & 0xff) as f32;
        ((src + d * keep + 0.5) as u32).min(255)
    };
    (over(r, 16) << 16) | (over(g, 8) << 8) | over(b, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, Pos2, pos2};

    fn white() -> Texture {
        Texture {
            size: [1, 1],
            pixels: vec![Color32::WHITE],
        }
    }

    fn vertex(pos: Pos2, color: Color32) -> Vertex {
        Vertex {
            pos,
            uv: egui::epaint::WHITE_UV,
            color,
        }
    }

    /// A quad from (0,0) to (w,h), `top` colour above, `bottom` below, over black.
    fn quad(size: (u32, u32), rect: [f32; 4], top: Color32, bottom: Color32) -> Vec<u32> {
        let mut target = vec![0u32; (size.0 * size.1) as usize];
        let bounds = [0, 0, size.0 as i32, size.1 as i32];
        let [l, t, r, b] = rect;
        let corners = [
            vertex(pos2(l, t), top),
            vertex(pos2(r, t), top),
            vertex(pos2(r, b), bottom),
            vertex(pos2(l, b), bottom),
        ];
        for [i, j, k] in [[0, 1, 2], [0, 2, 3]] {
            let tri = [corners[i], corners[j], corners[k]];
            fill_triangle(&mut target, size, bounds, 1.0, tri, &white());
        }
        target
    }

    #[test]
    fn a_solid_quad_covers_exactly_its_pixels_once() {
        let half_red = Color32::from_rgba_premultiplied(128, 0, 0, 128);
        let target = quad((8, 8), [2.0, 2.0, 6.0, 5.0], half_red, half_red);
        for y in 0..8 {
            for x in 0..8 {
                let inside = (2..6).contains(&x) && (2..5).contains(&y);
                let expected = if inside { 128 << 16 } else { 0 };
                assert_eq!(target[y * 8 + x], expected, "({x}, {y})");
            }
        }
    }

    /// A filled rounded shape as egui tessellates it: a fan of thin triangles from one corner,
    /// over a large area. Every pixel inside is covered exactly once: no hole, no seam.
    #[test]
    fn a_large_fan_covers_every_pixel_once() {
        let size = (900, 700);
        let mut target = vec![0u32; (size.0 * size.1) as usize];
        let bounds = [0, 0, size.0 as i32, size.1 as i32];
        let half_grey = Color32::from_rgba_premultiplied(100, 100, 100, 128);
        // An ellipse's outline (irrational positions, as egui's corners are), fanned from its
        // first point.
        let outline: Vec<Pos2> = (0..360)
            .map(|i| {
                let a = i as f32 / 360.0 * std::f32::consts::TAU;
                pos2(450.3 + 430.7 * a.cos(), 350.1 + 330.9 * a.sin())
            })
            .collect();
        for pair in outline[1..].windows(2) {
            let tri = [outline[0], pair[0], pair[1]].map(|p| vertex(p, half_grey));
            fill_triangle(&mut target, size, bounds, 1.0, tri, &white());
        }
        let once = blend_over(0, [100.0, 100.0, 100.0, 128.0]);
        // The pixels well inside the outline (its edge pixels may be outside every triangle).
        let mut checked = 0;
        for y in 40..660 {
            for x in 40..860 {
                let (dx, dy) = (
                    (x as f32 + 0.5 - 450.3) / 425.0,
                    (y as f32 + 0.5 - 350.1) / 325.0,
                );
                if dx * dx + dy * dy < 1.0 {
                    assert_eq!(target[y * 900 + x], once, "({x}, {y})");
                    checked += 1;
                }
            }
        }
        assert!(checked > 400_000, "{checked}");
    }

    #[test]
    fn a_gradient_runs_from_top_to_bottom_and_blends_over() {
        let target = quad(
            (1, 10),
            [0.0, 0.0, 1.0, 10.0],
            Color32::WHITE,
            Color32::BLACK,
        );
        let reds: Vec<u32> = target.iter().map(|p| p >> 16).collect();
        assert!(reds.windows(2).all(|w| w[0] > w[1]), "{reds:?}");
        assert!(reds[0] > 230 && reds[9] < 25, "{reds:?}");
        // Half-transparent white over a grey pixel: between the two.
        let mut grey = vec![0x0040_4040u32];
        let tri = [
            vertex(pos2(-1.0, -1.0), Color32::from_white_alpha(128)),
            vertex(pos2(3.0, -1.0), Color32::from_white_alpha(128)),
            vertex(pos2(-1.0, 3.0), Color32::from_white_alpha(128)),
        ];
        fill_triangle(&mut grey, (1, 1), [0, 0, 1, 1], 1.0, tri, &white());
        assert_eq!(grey[0] & 0xff, 128 + 32);
    }

    #[test]
    fn a_textured_triangle_samples_its_texture() {
        let texture = Texture {
            size: [2, 1],
            pixels: vec![Color32::from_rgb(255, 0, 0), Color32::from_rgb(0, 0, 255)],
        };
        let mut target = vec![0u32; 4];
        let corner = |x: f32, y: f32, u: f32| Vertex {
            pos: pos2(x, y),
            uv: pos2(u, 0.5),
            color: Color32::WHITE,
        };
        for tri in [
            [
                corner(0.0, 0.0, 0.0),
                corner(4.0, 0.0, 1.0),
                corner(4.0, 1.0, 1.0),
            ],
            [
                corner(0.0, 0.0, 0.0),
                corner(4.0, 1.0, 1.0),
                corner(0.0, 1.0, 0.0),
            ],
        ] {
            fill_triangle(&mut target, (4, 1), [0, 0, 4, 1], 1.0, tri, &texture);
        }
        assert_eq!(target[0], 0xff_0000, "left: red");
        assert_eq!(target[3], 0x00_00ff, "right: blue");
    }
}
