// Fade through a colour: the old photo fades out to a solid colour, the colour holds a moment, then the new photo fades in from it.
// @duration 2.0
// @easing linear
// @param colour: color = 0,0,0 ; the colour faded through (linear RGB)
// @param hold: f32 = 0.2 in 0.0..0.8 ; fraction of the time spent fully in the colour

// The fade is done in a gamma-like space so it looks even to the eye: a plain linear-light
// fade to black would stay bright for long and then drop at the end.
fn to_perceptual(c: vec3<f32>) -> vec3<f32> {
    return pow(max(c, vec3<f32>(0.0)), vec3<f32>(1.0 / 2.2));
}

fn to_linear(c: vec3<f32>) -> vec3<f32> {
    return pow(max(c, vec3<f32>(0.0)), vec3<f32>(2.2));
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let hold = clamp(params.hold, 0.0, 0.8);
    // Each fade takes half of the time not spent holding (at least 0.1).
    let fade = (1.0 - hold) * 0.5;
    // k: 0 = the photo, 1 = the colour. Eased within each fade, so the run itself is linear.
    // Straight-line code (both photos read, one kept): branches that assign a variable here
    // made one software renderer (lavapipe) leak memory every frame.
    let first_half = progress < 0.5;
    let photo = select(to_color(uv).rgb, from_color(uv).rgb, first_half);
    let k = select(1.0 - smoothstep(1.0 - fade, 1.0, progress), smoothstep(0.0, fade, progress), first_half);
    let colour = params.colour.rgb;
    let mixed = to_linear(mix(to_perceptual(photo), to_perceptual(colour), k));
    // Exactly the photo where no colour is mixed in, without a trip through the perceptual space.
    return vec4<f32>(select(mixed, photo, k <= 0.0), 1.0);
}
