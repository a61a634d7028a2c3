// Linear blur: both photos smear along one direction towards the middle of the transition, dissolving into each other while blurred, then the new one sharpens.
// @duration 1.4
// @easing sine-in-out
// @param intensity: f32 = 0.1 in 0.0..0.5 ; length of the blur at the middle, as a fraction of the screen height
// @param angle: f32 = 0.0 in -180.0..180.0 ; direction of the blur in degrees, 0 horizontal, 90 vertical, 45 down-right

// Taps along the blur: a fixed count keeps the loop bounded.
const BLUR_SAMPLES: i32 = 12;

// Reflects uv back into 0..1, so taps past the edge do not pull black into the picture.
fn mirror_uv(u: vec2<f32>) -> vec2<f32> {
    return 1.0 - abs(1.0 - fract(u * 0.5) * 2.0);
}

// One photo blurred along `span` (the whole blur, in uv), centred on uv, with a soft tent weight.
fn line_blur(uv: vec2<f32>, use_to: bool, span: vec2<f32>, jitter: f32) -> vec3<f32> {
    var sum = vec3<f32>(0.0);
    var weight = 0.0;
    for (var i = 0; i < BLUR_SAMPLES; i++) {
        let f = (f32(i) + jitter) / f32(BLUR_SAMPLES) - 0.5;
        let w = 1.0 - abs(f);
        let q = mirror_uv(uv + span * f);
        if (use_to) {
            sum += w * to_color(q).rgb;
        } else {
            sum += w * from_color(q).rgb;
        }
        weight += w;
    }
    return sum / weight;
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Blur length in screen heights: 0 at both ends, full at the middle.
    let length_h = max(params.intensity, 0.0) * sin(3.14159265 * progress);
    let a = radians(params.angle);
    // Direction in screen-height units, turned into uv so the angle is true on any aspect.
    let span = vec2<f32>(cos(a) / ratio, sin(a)) * length_h;
    let cell = floor(uv * target_size());
    let jitter = hash21(cell - 128.0 * floor(cell / 128.0));
    // The dissolve happens while both are well blurred.
    let blend = smoothstep(0.25, 0.75, progress);
    var colour = vec3<f32>(0.0);
    if (blend < 1.0) {
        colour += (1.0 - blend) * line_blur(uv, false, span, jitter);
    }
    if (blend > 0.0) {
        colour += blend * line_blur(uv, true, span, jitter);
    }
    return vec4<f32>(colour, 1.0);
}
