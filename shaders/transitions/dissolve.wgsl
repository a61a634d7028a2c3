// Dissolve: the new photo appears piece by piece in a random order, each piece fading up as a soft-edged tile that swells to fill its place.
// @duration 1.8
// @easing sine-in-out
// @param shape: i32 = 0 in 0..3 ; 0 square blocks, 1 horizontal lines (full-width bars half a block tall), 2 diamonds, 3 organic noise blobs
// @param cells: f32 = 24 in 4..96 ; pieces across the screen width (blocks and diamonds stay square whatever the aspect)

// Share of the run each piece takes to grow in; starts are spread over the rest, so every
// piece is complete exactly at progress 1.
const GROW: f32 = 0.3;

// Smooth value noise summed over three octaves, roughly 0..1.
fn dissolve_fbm(p: vec2<f32>) -> f32 {
    var sum = 0.0;
    var amp = 0.5;
    var q = p;
    for (var i = 0; i < 3; i++) {
        sum += amp * noise2(q);
        q = q * 2.03 + vec2<f32>(17.1, 9.7);
        amp *= 0.5;
    }
    return sum / 0.875;
}

// How far a piece has grown (0 none, 1 whole) given its random rank 0..1.
fn piece_growth(rank: f32) -> f32 {
    let start = rank * (1.0 - GROW);
    return clamp((progress - start) / GROW, 0.0, 1.0);
}

// Coverage of the new photo for a piece, at `d` from its centre (0.5 at its edge), once it
// has grown in by `growth`. The piece fades up as a soft-edged tile that swells from
// two-thirds size to past its edge: its border trails its middle only a little, so a piece
// never reads as a hard square nor leaves an outline of the old photo round it.
fn piece_cover(d: f32, growth: f32, soft: f32) -> f32 {
    let a = smoothstep(0.0, 1.0, growth);
    let radius = mix(0.33, 0.5 + soft, a);
    let mask = 1.0 - smoothstep(radius - soft, radius, d);
    // Exactly 0 before the piece starts and exactly 1 once it is done.
    return a * mix(mask, 1.0, a);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let cells = max(params.cells, 1.0);
    // Cell space: one unit is one piece; y is scaled by the aspect so pieces stay square.
    let p = vec2<f32>(uv.x * cells, uv.y * cells / ratio);
    // One screen pixel in cell units, so edges stay a few pixels soft at any resolution.
    let px = cells / target_size().x;
    // Soft edges: a sixth of a piece, but never sharper than two pixels.
    let soft = max(0.16, 2.0 * px);
    // Every shape is worked out and one is picked: straight-line code, cheap enough here (a
    // switch assigning the coverage made one software renderer, lavapipe, leak every frame).
    // Full-width bars, half a block tall, each in its own turn.
    let y = p.y * 2.0;
    let bars = piece_cover(abs(fract(y) - 0.5), piece_growth(hash21(vec2<f32>(7.0, floor(y)))), max(0.16, 4.0 * px));
    // Diamonds: the grid turned by 45 degrees, whose square cells are diamonds on screen; its
    // distances are stretched by sqrt(2), and so is the pixel.
    let q = vec2<f32>(p.x + p.y, p.x - p.y);
    let lq = abs(fract(q) - 0.5);
    let diamonds = piece_cover(max(lq.x, lq.y), piece_growth(hash21(floor(q) + vec2<f32>(31.0, 57.0))), max(0.16, 2.8 * px));
    // Organic: blobs of a smooth noise field flood in from its low points. About two pieces
    // per noise unit, so `cells` still reads as pieces across. The offset picks a patch of the
    // noise whose values are evenly spread; value noise crowds around 0.5, so it is stretched
    // to keep a steady pace, and the threshold sweeps from below 0 to above 1.
    let n = dissolve_fbm(p * 0.5 + vec2<f32>(35.0, 5.0));
    let level = clamp((n - 0.5) * 2.2 + 0.5, 0.0, 1.0);
    let w = 0.08;
    let organic = smoothstep(level - w, level + w, progress * (1.0 + 2.0 * w) - w);
    // Square blocks.
    let l = abs(fract(p) - 0.5);
    let blocks = piece_cover(max(l.x, l.y), piece_growth(hash21(floor(p) + vec2<f32>(3.0, 11.0))), soft);
    let shape = params.shape;
    let cover = select(select(select(blocks, organic, shape == 3), diamonds, shape == 2), bars, shape == 1);
    return mix(from_color(uv), to_color(uv), cover);
}
