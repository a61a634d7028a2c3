// Burn: the old photo burns away behind a ragged, glowing front that creeps up the screen, revealing the new photo underneath.
// @duration 2.5
// @easing sine-in-out
// @param glow: color = 1,0.45,0.1 ; colour of the glowing rim of the burn (linear RGB)
// @param edge: f32 = 0.04 in 0.005..0.2 ; width of the glowing and charred edge, as a fraction of the burn's travel

// Smooth value noise over five octaves, roughly 0..1.
fn burn_fbm(p: vec2<f32>) -> f32 {
    var sum = 0.0;
    var amp = 0.5;
    var q = p;
    for (var i = 0; i < 5; i++) {
        sum += amp * noise2(q);
        q = vec2<f32>(q.x * 1.6 - q.y * 1.2, q.x * 1.2 + q.y * 1.6) + vec2<f32>(5.3, 1.9);
        amp *= 0.5;
    }
    return sum / 0.96875;
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Noise in screen heights so the ragged front has the same grain in any aspect and at any
    // resolution. The offset picks a patch of the (fixed) noise whose values are evenly
    // spread, so the fire keeps a steady pace.
    let p = uv * vec2<f32>(ratio, 1.0) * 3.0 + vec2<f32>(20.0, 2.5);
    let n = clamp((burn_fbm(p) - 0.5) * 2.0 + 0.5, 0.0, 1.0);
    // When each point burns, 0..1: mostly from the noise, partly from the bottom up, so the
    // fire has a direction and spreads like paper catching.
    let when = mix(n, 1.0 - uv.y, 0.45);

    let edge = clamp(params.edge, 0.005, 0.2);
    // A thin band ahead of the fire browns.
    let scorch = 2.0 * edge;
    // Zone edges about a pixel and a half soft (the field's change per pixel), within bounds.
    let soft = clamp(1.5 * fwidth(when), 0.001, 0.02);
    // The front sweeps from before the first point to past the last (with room for the
    // largest softness), so nothing of the fire is left at either end.
    let front = mix(-(scorch + 0.02), 1.0 + edge + 0.02, progress);
    // How far behind the front this point is: < 0 not yet burning, 0..edge burning, > edge gone.
    let x = front - when;

    // Like paper: ahead of the fire the old photo browns, then chars black; the rim of the
    // hole glows, hottest right at the hole.
    let brown = smoothstep(-scorch, 0.0, x);
    let scorched = from_color(uv).rgb * mix(vec3<f32>(1.0), vec3<f32>(0.45, 0.3, 0.18), brown);
    let k = clamp(x / edge, 0.0, 1.0);
    // The glow varies a little along the edge, as embers do (fixed in space: no flicker).
    let ember = 0.85 + 0.3 * noise2(p * 9.0);
    let glow = params.glow.rgb;
    // Deep red-brown where it starts to glow, up to a bright version of the colour at the rim.
    let heat = smoothstep(0.25, 1.0, k);
    let hot = mix(glow * glow * 0.35, glow * 1.1, heat * heat) * ember;
    let char_color = vec3<f32>(0.02, 0.012, 0.008);
    let fire = mix(char_color, hot, heat);

    let catching = smoothstep(-soft, soft, x);
    let gone = smoothstep(edge - soft, edge + soft, x);
    let color = mix(mix(scorched, fire, catching), to_color(uv).rgb, gone);
    return vec4<f32>(color, 1.0);
}
