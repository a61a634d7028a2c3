// Slide: the new photo slides in from one side and pushes the old one out ahead of it.
// @duration 1.2
// @easing cubic-in-out
// @param direction: i32 = 0 in 0..3 ; 0 from the right moving left, 1 from the left moving right, 2 from the bottom moving up, 3 from the top moving down

// Which way both photos move on screen (uv y grows downward).
fn slide_motion(direction: i32) -> vec2<f32> {
    switch direction {
        case 1: { return vec2<f32>(1.0, 0.0); }
        case 2: { return vec2<f32>(0.0, -1.0); }
        case 3: { return vec2<f32>(0.0, 1.0); }
        default: { return vec2<f32>(-1.0, 0.0); }
    }
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let motion = slide_motion(params.direction);
    // The old photo has moved `progress` screens along `motion`; the new one follows glued to
    // its trailing edge, one screen behind. At 0 the old photo is in place, at 1 the new one.
    let from_uv = uv - motion * progress;
    let to_uv = from_uv + motion;
    // Distance in pixels from the seam (the old photo's trailing edge), positive on its side.
    let axis = abs(motion);
    let along = dot(from_uv, axis);
    let trailing = select(along, 1.0 - along, motion.x + motion.y < 0.0);
    let pixels = dot(target_size(), axis);
    // A one-pixel blend across the seam so it glides instead of stepping from pixel to pixel.
    // Samples are clamped there: just past a photo's edge would otherwise read as black.
    let w = clamp(trailing * pixels + 0.5, 0.0, 1.0);
    let a = to_color(clamp(to_uv, vec2<f32>(0.0), vec2<f32>(1.0)));
    let b = from_color(clamp(from_uv, vec2<f32>(0.0), vec2<f32>(1.0)));
    return mix(a, b, w);
}
