// Dreamy zoom: the old photo drifts closer with a slight turn, softening and brightening, and dissolves into the new one settling back from the same zoom.
// @duration 1.8
// @easing sine-in-out
// @param rotation: f32 = 6.0 in -30.0..30.0 ; turn of the picture at the middle of the transition, in degrees (positive is clockwise)
// @param scale: f32 = 1.2 in 1.0..2.0 ; zoom at the middle of the transition (1 = no zoom)

// Taps of the soft blur; a fixed count keeps the loop bounded.
const DREAMY_TAPS: i32 = 8;

// Reflects uv back into 0..1, so a turned corner reads the photo mirrored, not black.
fn mirror_uv(u: vec2<f32>) -> vec2<f32> {
    return 1.0 - abs(1.0 - fract(u * 0.5) * 2.0);
}

// One photo, turned by `angle`, zoomed by `zoom` and blurred over a disc of `blur` screen
// heights around the centre of the screen. All in screen-height units, so nothing stretches.
fn dreamy_photo(uv: vec2<f32>, use_to: bool, angle: f32, zoom: f32, blur: f32, jitter: f32) -> vec3<f32> {
    let aspect = vec2<f32>(ratio, 1.0);
    let p = (uv - 0.5) * aspect;
    let c = cos(angle);
    let s = sin(angle);
    var sum = vec3<f32>(0.0);
    for (var i = 0; i < DREAMY_TAPS; i++) {
        // Golden-angle spiral: even cover of the disc with few taps; the per-pixel jitter
        // turns the pattern so it reads as softness, not as ghost copies.
        let k = f32(i);
        let a = k * 2.39996323 + jitter * 6.28318531;
        let r = blur * sqrt((k + 0.5) / f32(DREAMY_TAPS));
        let o = p + r * vec2<f32>(cos(a), sin(a));
        // Sampling with the inverse turn makes the picture itself turn by `angle`.
        let q = vec2<f32>(c * o.x + s * o.y, -s * o.x + c * o.y) / zoom;
        let suv = mirror_uv(q / aspect + 0.5);
        if (use_to) {
            sum += to_color(suv).rgb;
        } else {
            sum += from_color(suv).rgb;
        }
    }
    return sum / f32(DREAMY_TAPS);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    // Everything peaks at the middle and is gone at both ends, so each photo is itself there.
    let envelope = sin(3.14159265 * progress);
    let angle = radians(params.rotation) * envelope;
    let zoom = mix(1.0, max(params.scale, 1.0), envelope);
    // Blur radius as a fraction of the screen height: the same look at 1080p and 4K.
    let blur = 0.012 * envelope;
    let cell = floor(uv * target_size());
    let jitter = hash21(cell - 128.0 * floor(cell / 128.0));
    let blend = smoothstep(0.25, 0.75, progress);
    var colour = vec3<f32>(0.0);
    // Skip the photo that has no weight (most of each half).
    if (blend < 1.0) {
        colour += (1.0 - blend) * dreamy_photo(uv, false, angle, zoom, blur, jitter);
    }
    if (blend > 0.0) {
        colour += blend * dreamy_photo(uv, true, angle, zoom, blur, jitter);
    }
    // A gentle glow and haze at the peak: the dreamy part.
    colour = colour * (1.0 + 0.15 * envelope) + vec3<f32>(0.03 * envelope);
    return vec4<f32>(colour, 1.0);
}
