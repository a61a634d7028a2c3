// Directional warp: the new photo sweeps in from a side or corner behind a soft front where both pictures are stretched and smeared along the motion.
// @duration 1.4
// @easing sine-in-out
// @param direction: i32 = 0 in 0..7 ; 0 from the left, 1 right, 2 top, 3 bottom, 4 top-left, 5 top-right, 6 bottom-left, 7 bottom-right
// @param smoothness: f32 = 0.2 in 0.02..0.5 ; width of the smeared front, as a fraction of the sweep

// Direction of travel in screen-height units (y down), so diagonals are true 45 degrees.
fn warp_axis(direction: i32) -> vec2<f32> {
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

// Reflects uv back into 0..1, so a pixel pulled past the edge reads the photo, not black.
fn mirror_uv(u: vec2<f32>) -> vec2<f32> {
    return 1.0 - abs(1.0 - fract(u * 0.5) * 2.0);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let aspect = vec2<f32>(ratio, 1.0);
    let axis = warp_axis(params.direction);
    // Position along the sweep, 0 at the first corner reached and 1 at the last.
    let corners = array<vec2<f32>, 4>(vec2<f32>(0.0, 0.0), vec2<f32>(ratio, 0.0), vec2<f32>(0.0, 1.0), vec2<f32>(ratio, 1.0));
    var lo = 1e9;
    var hi = -1e9;
    for (var i = 0; i < 4; i++) {
        let d = dot(corners[i], axis);
        lo = min(lo, d);
        hi = max(hi, d);
    }
    let span = hi - lo;
    let along = (dot(uv * aspect, axis) - lo) / span;
    let s = max(params.smoothness, 0.02);
    // The front (a band 2s wide) starts wholly before the screen and ends wholly past it,
    // so at both ends there is no band, hence no warp, on screen.
    let front = progress * (1.0 + 2.0 * s) - s;
    // 1 behind the front (new photo), 0 ahead of it (old photo).
    let t = 1.0 - smoothstep(front - s, front + s, along);
    // uv step for one unit of `along`.
    let step = axis * span / aspect;
    // Each photo is pulled along the motion, the more the deeper into the band; the pull grows
    // slower than the band is wide, so the picture stretches (up to ~3x) but never folds.
    let pull = 0.9 * s;
    let from_uv = mirror_uv(uv + step * (pull * t));
    let to_uv = mirror_uv(uv - step * (pull * (1.0 - t)));
    return mix(from_color(from_uv), to_color(to_uv), t);
}
