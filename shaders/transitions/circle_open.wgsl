// Circle open: the new photo appears in a round hole that grows from the centre of the screen until it passes the corners (or, closing, the old photo shrinks away into a circle).
// @duration 1.2
// @easing sine-in-out
// @param smoothness: f32 = 0.04 in 0.0..0.5 ; width of the circle's soft edge, as a fraction of the screen height
// @param opening: i32 = 0 in 0..1 ; 0 opens (the new photo grows inside the circle), 1 closes (the old photo shrinks into the circle)

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Distance from the centre in screen heights, so the circle is round in any aspect.
    let d = length((uv - 0.5) * vec2<f32>(ratio, 1.0));
    // Never harder than 1.5 pixels, so the edge is antialiased even with smoothness 0.
    let soft = max(params.smoothness, 1.5 / target_size().y);
    // From the centre to the corners, plus the soft edge, so both ends are clean.
    let span = 0.5 * sqrt(ratio * ratio + 1.0) + soft;
    let closing = params.opening == 1;
    let grow = select(progress, 1.0 - progress, closing);
    let radius = grow * span;
    // 1 inside the circle, 0 outside; the soft band lies just inside the radius, so at radius 0
    // nothing is inside and at the full span everything is.
    let inside = 1.0 - smoothstep(radius - soft, radius, d);
    let old = from_color(uv);
    let fresh = to_color(uv);
    if (closing) {
        return mix(fresh, old, inside);
    }
    return mix(old, fresh, inside);
}
