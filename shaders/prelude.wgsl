// Shared by every effect: prepended to each effect's source before compilation.

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    // 0..1 across the target, origin at the top left.
    @location(0) uv: vec2<f32>,
};

// One triangle that covers the whole target; no vertex buffer needed.
@vertex
fn vs_fullscreen(@builtin(vertex_index) index: u32) -> VertexOutput {
    let corner = vec2<f32>(f32((index << 1u) & 2u), f32(index & 2u));
    var out: VertexOutput;
    out.position = vec4<f32>(corner * 2.0 - 1.0, 0.0, 1.0);
    out.uv = vec2<f32>(corner.x, 1.0 - corner.y);
    return out;
}

// Maps target uv into a photo's uv: `rect.xy` is the scale, `rect.zw` the offset.
// This is how a photo of any aspect ratio covers the target without distortion.
fn photo_uv(uv: vec2<f32>, rect: vec4<f32>) -> vec2<f32> {
    return uv * rect.xy + rect.zw;
}
