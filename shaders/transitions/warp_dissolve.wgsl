// Warp dissolve: the new photo seeps in through a cloudy noise pattern while both pictures smear along the pattern's slopes in the middle of the change.
// @duration 2.0
// @easing sine-in-out
// @param scale: f32 = 3 in 0.5..12 ; size of the noise clouds: features down the screen's height
// @param warp: f32 = 0.04 in 0.0..0.15 ; how far pixels are smeared along the noise, as a fraction of the screen height

const PI: f32 = 3.14159265;

// Smooth value noise over four octaves, roughly 0..1.
fn warp_fbm(p: vec2<f32>) -> f32 {
    var sum = 0.0;
    var amp = 0.5;
    var q = p;
    for (var i = 0; i < 4; i++) {
        sum += amp * noise2(q);
        // Shifted and slightly rotated per octave so the lattices do not line up.
        q = vec2<f32>(q.x * 1.6 - q.y * 1.2, q.x * 1.2 + q.y * 1.6) + vec2<f32>(3.1, 7.7);
        amp *= 0.5;
    }
    return sum / 0.9375;
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Noise space in screen heights, so the clouds are round in any aspect and the same at
    // any resolution. The offset picks a patch of the (fixed) noise whose values are evenly
    // spread, so the reveal keeps a steady pace from start to end.
    let p = uv * vec2<f32>(ratio, 1.0) * params.scale + vec2<f32>(5.0, 5.0);
    let n = warp_fbm(p);
    // Slope of the noise (per noise unit), by central differences.
    let e = 0.02;
    let gx = warp_fbm(p + vec2<f32>(e, 0.0)) - warp_fbm(p - vec2<f32>(e, 0.0));
    let gy = warp_fbm(p + vec2<f32>(0.0, e)) - warp_fbm(p - vec2<f32>(0.0, e));
    let slope = vec2<f32>(gx, gy) / (2.0 * e);
    // A direction with a gentle length: longer on steep slopes but saturating, never exploding.
    let flow = slope / (1.0 + 0.5 * length(slope));

    // The smear swells in the middle and is gone at both ends.
    let strength = params.warp * sin(PI * progress);
    // The old photo is dragged down the slope, the new one arrives from up it.
    let shift = flow * strength / vec2<f32>(ratio, 1.0);
    var from_sum = vec4<f32>(0.0);
    var to_sum = vec4<f32>(0.0);
    // A short streak of samples along the flow: a smear, not just a displacement.
    for (var i = 0; i < 5; i++) {
        let k = f32(i) / 4.0;
        from_sum += from_color(clamp(uv + shift * mix(0.5, 1.0, k) * progress * 2.0, vec2<f32>(0.0), vec2<f32>(1.0)));
        to_sum += to_color(clamp(uv - shift * mix(0.5, 1.0, k) * (1.0 - progress) * 2.0, vec2<f32>(0.0), vec2<f32>(1.0)));
    }

    // Dissolve: the new photo comes in where the noise is low first. Value noise crowds
    // around 0.5, so it is stretched to keep the reveal at a steady pace.
    let level = clamp((n - 0.5) * 2.2 + 0.5, 0.0, 1.0);
    let soft = 0.12;
    let t = progress * (1.0 + 2.0 * soft) - soft;
    let blend = smoothstep(level - soft, level + soft, t);
    return mix(from_sum, to_sum, blend) / 5.0;
}
