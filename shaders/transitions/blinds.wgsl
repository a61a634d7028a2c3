// Blinds: the old photo is a set of venetian-blind slats that turn edge-on together, revealing the new photo behind them.
// @duration 1.6
// @easing sine-in-out
// @param count: i32 = 10 in 2..40 ; number of slats across the screen
// @param vertical: i32 = 0 in 0..1 ; 0 horizontal slats (turning about horizontal axes), 1 vertical slats

const HALF_PI: f32 = 1.5707963;

// Fraction of a pixel-wide box centred `d` pixels from a band's middle that lies inside the
// band of half-width `half` (pixels).
fn band_cover(d: f32, half: f32) -> f32 {
    return clamp(min(d + 0.5, half) - max(d - 0.5, -half), 0.0, 1.0);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let count = f32(max(params.count, 1));
    // Work along the axis the slats are stacked on: y for horizontal slats, x for vertical.
    let vertical = params.vertical == 1;
    let along = select(uv.y, uv.x, vertical);
    let pixels = select(target_size().y, target_size().x, vertical);

    let slat = min(floor(along * count), count - 1.0);
    let centre = (slat + 0.5) / count;
    let offset = along - centre;

    // Slats turn a quarter turn: seen from the front their width shrinks like cos(angle).
    // They are edge-on a little before the end, so the last frames are the new photo exactly.
    let angle = clamp(progress / 0.96, 0.0, 1.0) * HALF_PI;
    let squash = max(cos(angle), 0.0);
    let half_px = 0.5 / count * pixels;
    // While a slat is still full width, widen it by half a pixel so the pixel it shares with
    // its neighbour stays covered; the extra fades out once the edge has moved one pixel.
    let shrink = (1.0 - squash) * half_px;
    let half = squash * half_px + 0.5 * clamp(1.0 - shrink, 0.0, 1.0);
    // band_cover also thins a slat out smoothly once it is narrower than a pixel, so nothing
    // of the old photo lingers as the slats go edge-on.
    let cover = band_cover(abs(offset) * pixels, half);

    // The point of the slat's face seen here (foreshortened towards the slat's axis), kept on
    // the slat so a widened edge never shows the neighbouring slat's strip.
    let lo = slat / count;
    let face_along = clamp(centre + offset / max(squash, 1e-3), lo, lo + 1.0 / count);
    let face_uv = select(vec2<f32>(uv.x, face_along), vec2<f32>(face_along, uv.y), vertical);
    // A slat turned away from the light darkens a little.
    let shade = mix(0.6, 1.0, squash);
    return mix(to_color(uv), from_color(face_uv) * shade, cover);
}
