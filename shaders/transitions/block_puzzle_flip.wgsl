// Block puzzle flip: the screen is a grid of square-ish tiles that flip over one after another, each showing the new photo on its back.
// @duration 2.0
// @easing linear
// @param columns: i32 = 8 in 2..24 ; tiles across the screen; rows follow from the aspect so tiles stay square-ish
// @param stagger: f32 = 0.6 in 0.0..0.9 ; share of the run over which tile starts are spread (0 all flip together)

const PI: f32 = 3.14159265;

// Fraction of a pixel-wide box centred `d` pixels from a band's middle that lies inside the
// band of half-width `half` (pixels): exact box-filtered coverage of the band's two edges.
fn band_cover(d: f32, half: f32) -> f32 {
    return clamp(min(d + 0.5, half) - max(d - 0.5, -half), 0.0, 1.0);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let cols = f32(max(params.columns, 1));
    // Square-ish tiles: as many rows as fit the aspect.
    let rows = max(1.0, round(cols / ratio));
    let grid = vec2<f32>(cols, rows);
    let cell = min(floor(uv * grid), grid - 1.0);
    let tile_size = 1.0 / grid;
    let centre = (cell + 0.5) * tile_size;

    // Start order: a diagonal sweep from the top left, loosened by a little per-tile chance.
    let diagonal = (cell.x + cell.y) / max(cols + rows - 2.0, 1.0);
    let order = clamp(mix(diagonal, hash21(cell + vec2<f32>(5.0, 2.0)), 0.25), 0.0, 1.0);
    let stagger = clamp(params.stagger, 0.0, 0.9);
    let t = clamp((progress - order * stagger) / (1.0 - stagger), 0.0, 1.0);
    // Untouched tiles are exactly a photo: no edge or shading work there.
    if (t <= 0.0) {
        return from_color(uv);
    }
    if (t >= 1.0) {
        return to_color(uv);
    }
    // Each flip eases in and out; the tile squashes horizontally through zero and back.
    let angle = smoothstep(0.0, 1.0, t) * PI;
    let squash = abs(cos(angle));
    let back = angle > 0.5 * PI;

    let dx = uv.x - centre.x;
    let px_per_uv = target_size().x;
    let half_px = 0.5 * tile_size.x * px_per_uv;
    // While the tile is still (almost) full width, widen it by half a pixel so a pixel it
    // shares with its neighbour stays fully covered; the extra fades once the edge has moved.
    let shrink = (1.0 - squash) * half_px;
    let half = squash * half_px + 0.5 * clamp(1.0 - shrink, 0.0, 1.0);
    let cover = band_cover(abs(dx) * px_per_uv, half);

    // Undo the squash to find which point of the tile's face is seen here.
    let face_uv = vec2<f32>(centre.x + dx / max(squash, 1e-3), uv.y);
    // Clamped to the tile so its widened edge repeats the face's own border, never a neighbour.
    let lo = cell * tile_size;
    let clamped = clamp(face_uv, lo, lo + tile_size);
    var face = from_color(clamped);
    if (back) {
        face = to_color(clamped);
    }
    // A tile turned away from the viewer catches less light.
    let shade = mix(0.55, 1.0, squash);
    // Behind the turning tile: a dim blend of both photos, calmer than plain black.
    let behind = mix(from_color(uv), to_color(uv), t) * 0.12;
    return mix(behind, face * shade, cover);
}
