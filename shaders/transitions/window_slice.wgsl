// Window slice: the old photo is cut into vertical slats that turn edge-on like a venetian blind, each a moment after its neighbour to the left, revealing the new photo behind.
// @duration 1.5
// @easing sine-in-out
// @param count: f32 = 10 in 2..40 ; slats across the width of the screen
// @param smoothness: f32 = 0.15 in 0.0..1.0 ; width of each slat's soft edge, as a fraction of a slat

// How much of the transition separates the first slat from the last.
const SLICE_STAGGER: f32 = 0.4;

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let n = max(params.count, 1.0);
    let x = uv.x * n;
    let slice = floor(x);
    // Position across this slat, -0.5 to 0.5 from its centre line.
    let f = x - slice - 0.5;
    // Each slat starts a little after the one to its left.
    let delay = SLICE_STAGGER * clamp(slice / max(n - 1.0, 1.0), 0.0, 1.0);
    let turn = clamp((progress - delay) / (1.0 - SLICE_STAGGER), 0.0, 1.0);
    // Never harder than 1.5 pixels (in slat units), so the edges are antialiased.
    let soft = max(params.smoothness, 1.5 * n / target_size().x);
    // Half the slat's visible width: the whole slat at the start, gone (soft edge included) at the end.
    let half_width = mix(0.5, -soft, turn);
    let old_part = 1.0 - smoothstep(half_width, half_width + soft, abs(f));
    // The turning slat's picture squeezes towards its centre line, as a turning slat foreshortens.
    // Exactly 1 while the slat is whole; its soft rim reads the slat's own edge.
    let squeeze = 0.5 / max(half_width, 0.02);
    let fuv = vec2<f32>((slice + 0.5 + clamp(f * squeeze, -0.5, 0.5)) / n, uv.y);
    // Turning away from the light, the slat darkens.
    let old = from_color(fuv).rgb * mix(1.0, 0.55, turn);
    // A soft shadow from the slat on the photo behind, only while it turns.
    let shadow = 1.0 - 0.3 * sin(3.14159265 * turn) * (1.0 - smoothstep(0.0, 0.25, abs(f) - half_width));
    let behind = to_color(uv).rgb * shadow;
    return vec4<f32>(mix(behind, old, old_part), 1.0);
}
