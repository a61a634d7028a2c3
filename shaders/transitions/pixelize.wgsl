// Pixelize: the old photo breaks up into ever bigger square blocks, turns into the new photo while at its blockiest, then sharpens back into detail.
// @duration 1.6
// @easing linear
// @param steps: i32 = 20 in 2..50 ; how many block sizes the picture steps through on the way to the peak (and back); fewer is choppier
// @param blocks: f32 = 24 in 4..120 ; blocks across the width of the screen at the peak (fewer is blockier)

// Fraction of the transition at each end spent getting blockier (or sharper); the middle part
// between stays at the peak, and the photos are swapped there.
const PIXELIZE_RAMP: f32 = 0.4;
// Taps per side of a block when averaging its colour.
const PIXELIZE_TAPS: i32 = 3;

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let t = progress;
    // 0 at both ends, 1 over the middle.
    let peak = clamp(min(t, 1.0 - t) / PIXELIZE_RAMP, 0.0, 1.0);
    let steps = f32(max(params.steps, 1));
    // Stepped, rounding down: below the first step the picture is untouched, so both ends are exact.
    let level = floor(peak * steps) / steps;
    // The photos cross-fade while the blocks are at their biggest.
    let blend = smoothstep(PIXELIZE_RAMP, 1.0 - PIXELIZE_RAMP, t);
    if (level <= 0.0) {
        return mix(from_color(uv), to_color(uv), blend);
    }
    // Block size as a fraction of the screen width: growing faster towards the peak, so the first
    // steps are a gentle softening rather than a jump to coarse blocks.
    let size = pow(level, 1.5) / max(params.blocks, 1.0);
    // Square blocks in screen heights, in a grid centred on the screen so the picture stays balanced.
    let b = size * ratio;
    let q = (uv - 0.5) * vec2<f32>(ratio, 1.0);
    let centre = floor(q / b + 0.5) * b;
    // Each block shows the mean of a grid of taps over it, not one point, so fine detail does not
    // sparkle as the blocks change size; edge blocks keep to the photo (no black).
    var old = vec3<f32>(0.0);
    var fresh = vec3<f32>(0.0);
    for (var j = 0; j < PIXELIZE_TAPS; j++) {
        for (var i = 0; i < PIXELIZE_TAPS; i++) {
            let cell = (vec2<f32>(f32(i), f32(j)) + 0.5) / f32(PIXELIZE_TAPS) - 0.5;
            let tap = centre + cell * b;
            let suv = clamp(tap / vec2<f32>(ratio, 1.0) + 0.5, vec2<f32>(0.0), vec2<f32>(1.0));
            // Both read at every tap: sums assigned under branches made one software renderer
            // (lavapipe) leak memory every frame.
            old += from_color(suv).rgb;
            fresh += to_color(suv).rgb;
        }
    }
    let taps = f32(PIXELIZE_TAPS * PIXELIZE_TAPS);
    return vec4<f32>(mix(old, fresh, blend) / taps, 1.0);
}
