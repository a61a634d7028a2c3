// The compositor rung's one pipeline: a photo's triangles, read through their uv and drawn
// over what is there with their alpha. No transition logic lives here; the geometry is the
// transition (src/render/fixed_geometry.rs).

struct Corner {
    @location(0) position: vec2<f32>,
    @location(1) uv: vec2<f32>,
    @location(2) alpha: f32,
};

struct Varyings {
    @builtin(position) clip: vec4<f32>,
    @location(0) uv: vec2<f32>,
    @location(1) alpha: f32,
};

@group(0) @binding(0) var photo: texture_2d<f32>;
@group(0) @binding(1) var photo_sampler: sampler;

@vertex
fn vs_quad(corner: Corner) -> Varyings {
    var out: Varyings;
    // Target uv has its origin at the top left; clip space at the centre, y up.
    out.clip = vec4<f32>(corner.position.x * 2.0 - 1.0, 1.0 - corner.position.y * 2.0, 0.0, 1.0);
    out.uv = corner.uv;
    out.alpha = corner.alpha;
    return out;
}

@fragment
fn fs_quad(in: Varyings) -> @location(0) vec4<f32> {
    let color = textureSample(photo, photo_sampler, in.uv);
    return vec4<f32>(color.rgb, in.alpha);
}
