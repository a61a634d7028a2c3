// Particles: the old photo dissolves patch by patch into small glowing specks of its own colours that float upward and fade, while the new photo brightens in underneath.
// @duration 2.0
// @easing linear
// @param density: f32 = 80 in 20..200 ; particles across the width of the screen (more is smaller and finer)
// @param drift: f32 = 0.18 in 0.0..0.5 ; how far a particle rises before it has faded, as a fraction of the screen height

// Rows searched below a pixel for particles that rose onto it: bounded. A rise longer than this
// (very dense grids in portrait) is shortened to fit.
const PARTICLE_MAX_ROWS: i32 = 44;
// Fraction of the transition one particle lives.
const PARTICLE_LIFE: f32 = 0.34;
// Release moments span this range, so nothing is released at the very start and every
// particle has died and every patch has dissolved before the end.
const PARTICLE_FIRST: f32 = 0.07;
const PARTICLE_LAST: f32 = 0.6;
// Half width (in progress) of the soft edge of the dissolve.
const PARTICLE_EDGE: f32 = 0.05;

// When the old photo at `uv` dissolves: blotchy noise, a little earlier towards the top.
// Noise is measured in screen heights so the blotches are round in any aspect.
fn particle_release(uv: vec2<f32>) -> f32 {
    let a = uv * vec2<f32>(ratio, 1.0) * 3.0;
    let n = 0.65 * noise2(a) + 0.35 * noise2(a * 2.3 + vec2<f32>(17.0, 5.0));
    let field = 0.75 * smoothstep(0.2, 0.8, n) + 0.25 * uv.y;
    return mix(PARTICLE_FIRST, PARTICLE_LAST, clamp(field, 0.0, 1.0));
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let t = progress;
    let n = clamp(params.density, 4.0, 400.0);
    // The screen measured in particle cells: square cells whatever the aspect ratio.
    let size = vec2<f32>(n, n / ratio);
    let p = uv * size;
    let rise = min(max(params.drift, 0.0) * size.y, f32(PARTICLE_MAX_ROWS - 4));

    // The dissolving photo: gone where its release moment has passed, with a soft edge in time.
    let release_here = particle_release(uv);
    let old_part = 1.0 - smoothstep(release_here - PARTICLE_EDGE, release_here + PARTICLE_EDGE, t);
    let old = from_color(uv).rgb;
    // The new photo brightens from dim as the old one goes, so the specks read against it.
    let under = to_color(uv).rgb * mix(0.3, 1.0, smoothstep(0.1, 0.95, t));
    var colour = mix(under, old, old_part);
    // The dissolving edge flares a little, like paper catching light (zero well before it arrives).
    let flare = (t - release_here) / 0.025;
    colour += old * 0.8 * exp(-flare * flare);

    // Particles: one per cell, born where the photo dissolves, carrying its colour upward.
    let col0 = floor(p.x);
    let row0 = floor(p.y);
    var glow = vec3<f32>(0.0);
    for (var k = 0; k < PARTICLE_MAX_ROWS; k++) {
        // From just above the pixel down to as far below as a particle can rise.
        let cy = row0 - 2.0 + f32(k);
        if (cy > row0 + ceil(rise) + 1.0) {
            break;
        }
        for (var i = -2; i <= 1; i++) {
            let c = vec2<f32>(col0 + f32(i), cy);
            let h1 = hash21(c);
            let h2 = hash21(c + vec2<f32>(41.0, 7.0));
            let origin = c + 0.5 + 0.5 * (vec2<f32>(h1, h2) - 0.5);
            // Only the photo makes particles (cells beside or below the screen have none).
            if (any(origin < vec2<f32>(0.0)) || any(origin > size)) {
                continue;
            }
            // Sway of at most 0.3 cells and a glow reaching 2 radii (0.78 cells) bound the columns.
            if (abs(p.x - origin.x) > 1.1) {
                continue;
            }
            let born = particle_release(origin / size);
            let age = (t - born) / PARTICLE_LIFE;
            if (age <= 0.0 || age >= 1.0) {
                continue;
            }
            let h3 = hash21(c + vec2<f32>(13.0, 29.0));
            // Rises gently accelerating, each at its own pace, swaying a little sideways.
            let up = rise * mix(0.6, 1.0, h3) * age * (0.5 + 0.5 * age);
            let sway = 0.3 * age * sin(age * 7.0 + 6.2832 * h1);
            let pos = origin + vec2<f32>(sway, -up);
            let radius = 0.34 * mix(0.55, 1.15, h2) * (1.0 - 0.4 * age);
            let d = p - pos;
            let d2 = dot(d, d) / (radius * radius);
            if (d2 > 4.0) {
                continue;
            }
            // Fades in over its first moments (no pop at birth) and out as it rises; some burn brighter.
            let fade = smoothstep(0.0, 0.1, age) * (1.0 - smoothstep(0.35, 1.0, age)) * mix(0.6, 1.3, h3);
            // Gaussian spot, shifted to reach exactly zero at its 2-radius cut.
            let spot = max(exp(-d2) - exp(-4.0), 0.0) / (1.0 - exp(-4.0));
            let tint = from_color(origin / size).rgb;
            // Glowing: brighter than the photo, with a warm white core.
            glow += (tint * 1.5 + vec3<f32>(0.25, 0.2, 0.12) * exp(-3.0 * d2)) * spot * fade;
        }
    }
    return vec4<f32>(colour + glow, 1.0);
}
