// A photo on its own: what the host draws instead of a transition at progress 0 and 1, and
// between transitions, so the ends of every transition are exactly the photos.

fn transition(uv: vec2<f32>) -> vec4<f32> {
    return to_color(uv);
}
