// Cross zoom: the old photo rushes towards the viewer in a radial zoom blur through the centre, and the new photo pulls back out of the blur to sharp.
// @duration 1.2
// @easing sine-in-out
// @param strength: f32 = 0.4 in 0.0..1.0 ; length of the zoom blur at the middle, as a fraction of each pixel's distance to the centre

// Taps along each blur streak: bounded, and enough with the jitter below to hide steps.
const ZOOM_SAMPLES: i32 = 12;

// One photo zoomed by `zoom` about the centre and smeared radially over a fraction `blur` of the
// distance to the centre. Scaling about the centre is the same in x and y, so circles stay round
// and the streak length is a screen fraction whatever the resolution or aspect.
fn zoom_blur(uv: vec2<f32>, use_to: bool, zoom: f32, blur: f32, jitter: f32) -> vec3<f32> {
    let d = uv - 0.5;
    var sum = vec3<f32>(0.0);
    for (var i = 0; i < ZOOM_SAMPLES; i++) {
        // Centred on the current zoom so the picture does not creep during the blur.
        let f = (f32(i) + jitter) / f32(ZOOM_SAMPLES) - 0.5;
        let q = 0.5 + d * ((1.0 - blur * f) / zoom);
        if (use_to) {
            sum += to_color(q).rgb;
        } else {
            sum += from_color(q).rgb;
        }
    }
    return sum / f32(ZOOM_SAMPLES);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Quiet at both ends, a rush through the middle; zero (and flat) at 0 and 1.
    let swell = sin(3.14159265 * progress);
    let envelope = swell * swell;
    let strength = max(params.strength, 0.0);
    let blur = strength * envelope;
    // Zooming in only (>= 1), so the picture always covers the screen: no black edges.
    let zoom = 1.0 + 0.75 * strength * envelope;
    // Per-pixel jitter of the taps, from pixel cells wrapped to 128 so the hash stays precise at 4K.
    let cell = floor(uv * target_size());
    let jitter = hash21(cell - 128.0 * floor(cell / 128.0));
    // A quick dissolve while the blur is strongest.
    let blend = smoothstep(0.4, 0.6, progress);
    var colour = vec3<f32>(0.0);
    if (blend < 1.0) {
        colour += (1.0 - blend) * zoom_blur(uv, false, zoom, blur, jitter);
    }
    if (blend > 0.0) {
        colour += blend * zoom_blur(uv, true, zoom, blur, jitter);
    }
    return vec4<f32>(colour, 1.0);
}
