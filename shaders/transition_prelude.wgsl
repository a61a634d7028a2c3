// The interface every transition is written against; prepended (after prelude.wgsl and the
// generated `struct Params`) to each transition's source before compilation.
//
// A transition is `fn transition(uv: vec2<f32>) -> vec4<f32>`: the colour at `uv` (0..1 across
// the target, origin at the top left) for the global `progress` (0..1, eased by the host) and
// `ratio` (target width / height). It reads the photos only through `from_color(uv)` and
// `to_color(uv)` (cover geometry and Ken Burns windows are applied here; colours are linear
// light) and its parameters through `params` (constant during one run). Everything else is
// its own arithmetic. The host never asks for progress 0 or 1: it draws the photo itself.

struct Frame {
    from_rect: vec4<f32>,
    to_rect: vec4<f32>,
    // x: progress, y: ratio, zw: target size in pixels.
    progress_ratio_size: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var photo_sampler: sampler;
@group(0) @binding(2) var from_photo: texture_2d<f32>;
@group(0) @binding(3) var to_photo: texture_2d<f32>;
@group(0) @binding(4) var<uniform> params: Params;

var<private> progress: f32;
var<private> ratio: f32;

// Outside 0..1 a photo reads as black, so a photo moved off screen leaves black behind it,
// never a smear of its edge pixels.
fn sample_photo(photo: texture_2d<f32>, uv: vec2<f32>, rect: vec4<f32>) -> vec4<f32> {
    if (any(uv < vec2<f32>(0.0)) || any(uv > vec2<f32>(1.0))) {
        return vec4<f32>(0.0, 0.0, 0.0, 1.0);
    }
    // Level 0 explicitly: photos have no mipmaps, and sampling stays legal in any control flow.
    return textureSampleLevel(photo, photo_sampler, photo_uv(uv, rect), 0.0);
}

fn from_color(uv: vec2<f32>) -> vec4<f32> {
    return sample_photo(from_photo, uv, frame.from_rect);
}

fn to_color(uv: vec2<f32>) -> vec4<f32> {
    return sample_photo(to_photo, uv, frame.to_rect);
}

// Target size in pixels, for effects measured in pixels.
fn target_size() -> vec2<f32> {
    return frame.progress_ratio_size.zw;
}

// A repeatable pseudo-random number in 0..1 for a 2D cell.
fn hash21(p: vec2<f32>) -> f32 {
    var q = fract(p * vec2<f32>(123.34, 456.21));
    q += dot(q, q + 45.32);
    return fract(q.x * q.y);
}

// Smooth value noise in 0..1.
fn noise2(p: vec2<f32>) -> f32 {
    let i = floor(p);
    let f = fract(p);
    let u = f * f * (3.0 - 2.0 * f);
    let a = hash21(i);
    let b = hash21(i + vec2<f32>(1.0, 0.0));
    let c = hash21(i + vec2<f32>(0.0, 1.0));
    let d = hash21(i + vec2<f32>(1.0, 1.0));
    return mix(mix(a, b, u.x), mix(c, d, u.x), u.y);
}

@fragment
fn fs_transition(in: VertexOutput) -> @location(0) vec4<f32> {
    progress = frame.progress_ratio_size.x;
    ratio = frame.progress_ratio_size.y;
    return vec4<f32>(transition(in.uv).rgb, 1.0);
}
