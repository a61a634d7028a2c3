// Swirl: both photos twist around the centre, the twist winding up towards the middle and unwinding after, blending as it peaks.
// @duration 1.6
// @easing sine-in-out
// @param radius: f32 = 0.8 in 0.1..1.5 ; radius of the swirl, as a fraction of the screen height (outside it nothing turns)
// @param strength: f32 = 3.0 in 0.0..12.0 ; twist at the centre at the middle of the transition, in radians

// Reflects uv back into 0..1, so a point turned past the screen edge reads the photo mirrored
// instead of the black outside it.
fn mirror_uv(u: vec2<f32>) -> vec2<f32> {
    return 1.0 - abs(1.0 - fract(u * 0.5) * 2.0);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Work in screen-height units so the swirl is a circle whatever the aspect ratio.
    let aspect = vec2<f32>(ratio, 1.0);
    let p = (uv - 0.5) * aspect;
    let radius = max(params.radius, 1e-3);
    let f = clamp(1.0 - length(p) / radius, 0.0, 1.0);
    // Strongest at the centre, fading smoothly to nothing at the rim (no crease there).
    let falloff = f * f * (3.0 - 2.0 * f);
    // Winds up to the middle of the transition and unwinds after: zero at both ends.
    let envelope = sin(3.14159265 * progress);
    let angle = params.strength * envelope * falloff;
    let c = cos(angle);
    let s = sin(angle);
    let q = vec2<f32>(c * p.x - s * p.y, s * p.x + c * p.y);
    let suv = mirror_uv(q / aspect + 0.5);
    // The swap happens while the twist is strong, so neither photo is seen plainly half-blended.
    let blend = smoothstep(0.3, 0.7, progress);
    return mix(from_color(suv), to_color(suv), blend);
}
