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

/// Fills one triangle: pixel centres inside it (and inside `bounds`) take the texture sample
/// times the interpolated vertex colour, blended over what is there.
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
    let edge = |a: (f32, f32), b: (f32, f32), x: f32, y: f32| {
        (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0)
    };
    for y in y0..y1 {
        for x in x0..x1 {
            // Just off the pixel centre (differently on each axis), so a pixel on an edge two
            // triangles share is inside exactly one of them and never blended twice.
            let (cx, cy) = (x as f32 + 0.5 + 1e-4, y as f32 + 0.5 + 2e-4);
            let w0 = edge(p[1], p[2], cx, cy) / area;
            let w1 = edge(p[2], p[0], cx, cy) / area;
            let w2 = 1.0 - w0 - w1;
            if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                continue;
            }
            let w = [w0, w1, w2];
            let mix = |f: &dyn Fn(&Vertex) -> f32| -> f32 {
                vertices.iter().zip(w).map(|(v, w)| f(v) * w).sum()
            };
            let (u, v) = (mix(&|v| v.uv.x), mix(&|v| v.uv.y));
            let tx = ((u * texture.size[0] as f32) as usize).min(texture.size[0] - 1);
            let ty = ((v * texture.size[1] as f32) as usize).min(texture.size[1] - 1);
            let texel = texture.pixels[ty * texture.size[0] + tx];
            let channel = |i: usize| -> f32 {
                let vertex = mix(&|v| f32::from(v.color.to_array()[i]));
                vertex * f32::from(texel.to_array()[i]) / 255.0
            };
            let (r, g, b, a) = (channel(0), channel(1), channel(2), channel(3));
            let index = y as usize * size.0 as usize + x as usize;
            let dst = target[index];
            let over = |src: f32, shift: u32| {
                let d = ((dst >> shift) & 0xff) as f32;
                (src + d * (1.0 - a / 255.0)).round().clamp(0.0, 255.0) as u32
            };
            target[index] = (over(r, 16) << 16) | (over(g, 8) << 8) | over(b, 0);
        }
    }
}
