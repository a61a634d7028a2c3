// Crumble: the old photo cracks into irregular pieces that drop one after another under gravity, tumbling a little, off the bottom of the screen to uncover the new photo.
// @duration 2.2
// @easing linear
// @param cells: f32 = 14 in 4..40 ; pieces across the width of the screen (they stay roughly square in any aspect)

// Rows searched above a pixel for pieces that may have fallen onto it: bounded, and more than the
// screen is tall in cells at 40 cells across down to a 0.32 aspect. The loop stops far sooner
// (at the top row, or as far up as a piece can have fallen from), so the bound costs nothing.
const CRUMBLE_MAX_ROWS: i32 = 128;
// The last piece lets go here, leaving it enough time to fall out of sight before the end.
const CRUMBLE_LAST_START: f32 = 0.55;
// Seeds sit within 0.35 of their cell's centre, so every point of a piece is within 1.2 cells
// of its seed (the seed of the cell a point lies in is never further away than that)...
const CRUMBLE_JITTER: f32 = 0.7;
const CRUMBLE_REACH: f32 = 1.25;
// ...except along the bottom and right edges, where a partial row or column of cells has its seeds
// off screen and the pieces next to it stretch over it.
const CRUMBLE_EDGE_REACH: f32 = 2.1;

// The seed of the piece born in grid cell `c` (cell units).
fn crumble_seed(c: vec2<f32>) -> vec2<f32> {
    let j = vec2<f32>(hash21(c), hash21(c + vec2<f32>(37.0, 11.0))) - 0.5;
    return c + 0.5 + CRUMBLE_JITTER * j;
}

// Only seeds on the screen make pieces: a seed just off screen would otherwise leave a thin
// sliver of photo along the edge to fall as a piece of its own.
fn crumble_on_screen(s: vec2<f32>, size: vec2<f32>) -> bool {
    return all(s >= vec2<f32>(0.0)) && all(s <= size);
}

// Signed distance from `q` to the border of the piece whose seed is `s` (born in cell `c`):
// positive inside. Half-plane distances to the neighbouring seeds' bisectors.
fn crumble_inside(q: vec2<f32>, s: vec2<f32>, c: vec2<f32>, size: vec2<f32>) -> f32 {
    var d = 1e9;
    for (var j = -1; j <= 1; j++) {
        for (var i = -1; i <= 1; i++) {
            if (i == 0 && j == 0) {
                continue;
            }
            let n = crumble_seed(c + vec2<f32>(f32(i), f32(j)));
            if (!crumble_on_screen(n, size)) {
                continue;
            }
            let axis = normalize(s - n);
            d = min(d, dot(q - 0.5 * (s + n), axis));
        }
    }
    return d;
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let t = progress;
    let n = clamp(params.cells, 1.0, 64.0);
    // The screen measured in cells: square cells whatever the aspect ratio.
    let size = vec2<f32>(n, n / ratio);
    let p = uv * size;
    // 1.5 pixels in cell units, for soft (antialiased) piece edges.
    let aa = 1.5 * n / target_size().x;
    // Crack lines are a fixed fraction of the screen width, so 4K looks like 1080p.
    let crack_w = max(0.0012 * n, aa);
    // The cracks appear quickly at the start, from nothing.
    let crack = smoothstep(0.0, 0.12, t);
    // Gravity strong enough that a piece from the very top, letting go last, clears the bottom by the end.
    let fall_time = 1.0 - CRUMBLE_LAST_START;
    let g = (size.y + CRUMBLE_EDGE_REACH + 1.0) / (fall_time * fall_time);
    // No piece can have dropped further than this yet: it bounds the search upward.
    let max_drop = g * t * t;

    // The two front-most pieces covering this pixel (depth, alpha, colour), composited over the new photo.
    var z1 = -1.0;
    var a1 = 0.0;
    var c1 = vec3<f32>(0.0);
    var z2 = -1.0;
    var a2 = 0.0;
    var c2 = vec3<f32>(0.0);

    let col0 = floor(p.x);
    let row0 = floor(p.y);
    // Pieces only fall, so they come from this row or above (row 0 is the top one).
    let lowest = max(0.0, row0 - ceil(max_drop + CRUMBLE_EDGE_REACH) - 1.0);
    for (var k = 0; k < CRUMBLE_MAX_ROWS; k++) {
        let cy = row0 + 2.0 - f32(k);
        if (cy < lowest) {
            break;
        }
        for (var i = -2; i <= 2; i++) {
            let c = vec2<f32>(col0 + f32(i), cy);
            let s = crumble_seed(c);
            if (!crumble_on_screen(s, size)) {
                continue;
            }
            let near_edge = s.x > size.x - 2.0 || s.y > size.y - 2.0;
            let reach = select(CRUMBLE_REACH, CRUMBLE_EDGE_REACH, near_edge) + aa;
            // Staggered, random moment of letting go; lower pieces tend to go first, as a wall crumbles.
            let r = hash21(c + vec2<f32>(5.0, 91.0));
            let start = CRUMBLE_LAST_START * clamp(0.6 * r + 0.4 * (1.0 - s.y / size.y), 0.0, 1.0);
            let age = max(t - start, 0.0);
            let centre = s + vec2<f32>(0.0, g * age * age);
            // Cheap rejection before the Voronoi test: the piece cannot reach this pixel.
            if (any(abs(p - centre) > vec2<f32>(reach))) {
                continue;
            }
            // A slight tumble, growing as the piece picks up speed.
            let spin = (hash21(c + vec2<f32>(63.0, 27.0)) - 0.5) * 1.1;
            let fall = age / fall_time;
            let angle = spin * fall * fall;
            let ca = cos(angle);
            let sa = sin(angle);
            let rel = p - centre;
            // Where this pixel was on the intact photo, if it belongs to this piece.
            let q = s + vec2<f32>(ca * rel.x + sa * rel.y, -sa * rel.x + ca * rel.y);
            let inside = crumble_inside(q, s, c, size);
            // Pieces end at the photo's edges (nothing above or beside the screen falls into view).
            let edge = min(min(q.x, size.x - q.x), min(q.y, size.y - q.y));
            let d = min(inside, edge);
            // Opaque inside, with a 1.5 px feather outside: a still piece covers its pixels exactly.
            let a = smoothstep(-aa, 0.0, d);
            if (a <= 0.0) {
                continue;
            }
            var colour = from_color(clamp(q / size, vec2<f32>(0.0), vec2<f32>(1.0))).rgb;
            // Dark cracks along the borders between pieces (not along the photo's own edges).
            colour *= 1.0 - 0.55 * crack * (1.0 - smoothstep(0.0, crack_w, inside));
            // A falling piece tilts away from the light a little.
            colour *= 1.0 - 0.25 * smoothstep(0.0, 0.5, fall);
            // Falling pieces are in front of the still ones; the earlier a piece went, the nearer.
            // Among still pieces the most opaque wins, so a feather never shows through at rest.
            let z = select(0.0, 4.0 - 2.0 * start, age > 0.0) + a;
            if (z > z1) {
                z2 = z1;
                a2 = a1;
                c2 = c1;
                z1 = z;
                a1 = a;
                c1 = colour;
            } else if (z > z2) {
                z2 = z;
                a2 = a;
                c2 = colour;
            }
        }
    }
    var result = to_color(uv).rgb;
    result = mix(result, c2, a2);
    result = mix(result, c1, a1);
    return vec4<f32>(result, 1.0);
}
