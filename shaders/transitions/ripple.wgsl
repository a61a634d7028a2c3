// Ripple: concentric water rings spread from the centre, rippling both photos while the new one floods outward over the old.
// @duration 2.0
// @easing sine-in-out
// @param amplitude: f32 = 0.025 in 0.0..0.1 ; how far the rings push the picture, as a fraction of the screen's longer side
// @param waves: f32 = 6 in 2..40 ; rings across the screen's longer side
// @param speed: f32 = 3 in 0..10 ; how many rings travel outward over the whole transition

const PI: f32 = 3.14159265;

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Screen space with the longer side 1 and the centre at 0, so rings are round in any aspect.
    let to_round = vec2<f32>(ratio, 1.0) / max(ratio, 1.0);
    let p = (uv - 0.5) * to_round;
    let d = length(p);
    // The farthest corner, to spread the colour change over the whole screen.
    let d_max = 0.5 * length(to_round);

    // The rings move outward; their strength swells and dies away, zero at both ends.
    let phase = 2.0 * PI * (params.waves * d - params.speed * progress);
    let envelope = sin(PI * progress);
    // Calm at the very centre (no pinch) and fading to nothing at the screen's edges, so the
    // picture is never pulled in from beyond its border.
    let edge = min(min(uv.x, 1.0 - uv.x) * to_round.x, min(uv.y, 1.0 - uv.y) * to_round.y);
    let taper = smoothstep(0.0, 0.02, d) * smoothstep(0.0, 0.1, edge);
    let push = params.amplitude * envelope * taper * sin(phase);
    let dir = p / max(d, 1e-5);
    // Back from round space to uv; clamped as a last guard against reading past the border.
    let offset = dir * push / to_round;
    let src = clamp(uv + offset, vec2<f32>(0.0), vec2<f32>(1.0));

    // The new photo floods out from the centre behind a soft front; the front starts before
    // the centre and ends past the corners, so both ends are exact.
    let spread = 0.6;
    let reach = progress * (1.0 + spread) - (d / d_max) * spread;
    let blend = smoothstep(0.0, 1.0, clamp(reach, 0.0, 1.0));
    let color = mix(from_color(src), to_color(src), blend);
    // Light catches the ring slopes a little, like on water; it fades with the rings.
    let glint = 1.0 + 0.12 * envelope * taper * cos(phase) * clamp(params.amplitude / 0.025, 0.0, 2.0);
    return vec4<f32>(color.rgb * glint, 1.0);
}
