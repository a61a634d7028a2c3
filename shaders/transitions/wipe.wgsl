// Wipe: the new photo sweeps in behind a soft straight edge, from any side or corner.
// @duration 1.2
// @easing cubic-in-out
// @param direction: i32 = 0 in 0..7 ; 0 from the left, 1 right, 2 top, 3 bottom, 4 top-left, 5 top-right, 6 bottom-left, 7 bottom-right
// @param softness: f32 = 0.08 in 0.0..0.5 ; width of the edge, as a fraction of the screen

fn wipe_axis(direction: i32) -> vec2<f32> {
    switch direction {
        case 1: { return vec2<f32>(-1.0, 0.0); }
        case 2: { return vec2<f32>(0.0, 1.0); }
        case 3: { return vec2<f32>(0.0, -1.0); }
        case 4: { return normalize(vec2<f32>(1.0, 1.0)); }
        case 5: { return normalize(vec2<f32>(-1.0, 1.0)); }
        case 6: { return normalize(vec2<f32>(1.0, -1.0)); }
        case 7: { return normalize(vec2<f32>(-1.0, -1.0)); }
        default: { return vec2<f32>(1.0, 0.0); }
    }
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let axis = wipe_axis(params.direction);
    // Position along the sweep, 0 where it starts and 1 where it ends, whatever the direction.
    let corners = array<vec2<f32>, 4>(vec2<f32>(0.0, 0.0), vec2<f32>(1.0, 0.0), vec2<f32>(0.0, 1.0), vec2<f32>(1.0, 1.0));
    var lo = 1e9;
    var hi = -1e9;
    for (var i = 0; i < 4; i++) {
        let d = dot(corners[i], axis);
        lo = min(lo, d);
        hi = max(hi, d);
    }
    let along = (dot(uv, axis) - lo) / (hi - lo);
    let soft = max(params.softness, 1e-4);
    // The edge travels from before the start to past the end, so both ends are clean.
    let edge = progress * (1.0 + soft) - soft;
    let t = smoothstep(edge, edge + soft, along);
    return mix(to_color(uv), from_color(uv), t);
}
