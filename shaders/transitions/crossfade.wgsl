// Crossfade: a blend in linear light, so the picture does not dip in brightness halfway.
// @duration 1.5
// @easing sine-in-out

fn transition(uv: vec2<f32>) -> vec4<f32> {
    return mix(from_color(uv), to_color(uv), progress);
}
