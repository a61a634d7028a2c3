// Crossfade: a linear-light blend from `from` to `to`. At progress 0 only `from` is visible,
// at 1 only `to`.

struct Transition {
    from_rect: vec4<f32>,
    to_rect: vec4<f32>,
    // x: progress 0..1; yzw unused (uniform alignment).
    progress: vec4<f32>,
};

@group(0) @binding(0) var<uniform> params: Transition;
@group(0) @binding(1) var photo_sampler: sampler;
@group(0) @binding(2) var from_photo: texture_2d<f32>;
@group(0) @binding(3) var to_photo: texture_2d<f32>;

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    let from_color = textureSample(from_photo, photo_sampler, photo_uv(in.uv, params.from_rect));
    let to_color = textureSample(to_photo, photo_sampler, photo_uv(in.uv, params.to_rect));
    let t = clamp(params.progress.x, 0.0, 1.0);
    // Exact end frames: no blend arithmetic at all at 0 and 1.
    if (t <= 0.0) {
        return vec4<f32>(from_color.rgb, 1.0);
    }
    if (t >= 1.0) {
        return vec4<f32>(to_color.rgb, 1.0);
    }
    return vec4<f32>(mix(from_color.rgb, to_color.rgb, t), 1.0);
}
