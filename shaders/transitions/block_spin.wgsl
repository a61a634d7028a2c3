// Block spin: the screen is a row or grid of 3D blocks that each turn a quarter turn about a vertical axis, the old photo on the face turning away and the new one on the face turning in.
// @duration 2.0
// @easing linear
// @param columns: i32 = 6 in 1..16 ; blocks across the screen
// @param rows: i32 = 1 in 1..9 ; blocks down the screen
// @param stagger: f32 = 0.5 in 0.0..0.9 ; share of the run over which block starts are spread, left to right (0 all turn together)

const HALF_PI: f32 = 1.5707963;
// Camera distance from a block's axis, in block widths: a mild perspective.
const CAMERA: f32 = 3.0;

// Perspective scale of a point at depth z (towards the viewer) in front of the block's axis.
fn persp(z: f32) -> f32 {
    return CAMERA / (CAMERA - z);
}

// Fraction of a pixel-wide box centred `d` pixels from a band's middle that lies inside the
// band of half-width `half` (pixels).
fn band_cover(d: f32, half: f32) -> f32 {
    return clamp(min(d + 0.5, half) - max(d - 0.5, -half), 0.0, 1.0);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let grid = vec2<f32>(f32(max(params.columns, 1)), f32(max(params.rows, 1)));
    let cell = min(floor(uv * grid), grid - 1.0);
    let size = 1.0 / grid;
    let origin = cell * size;
    let local = (uv - origin) * grid;

    // Start order: a sweep from left to right, each row a little behind the one above.
    let span = max(grid.x - 1.0 + 0.5 * (grid.y - 1.0), 1.0);
    let order = (cell.x + 0.5 * cell.y) / span;
    let stagger = clamp(params.stagger, 0.0, 0.9);
    let t = clamp((progress - order * stagger) / (1.0 - stagger), 0.0, 1.0);
    // Blocks at rest show a photo exactly.
    if (t <= 0.0) {
        return from_color(uv);
    }
    if (t >= 1.0) {
        return to_color(uv);
    }
    let angle = smoothstep(0.0, 1.0, t) * HALF_PI;
    let c = cos(angle);
    let s = sin(angle);

    // The block's square cross-section, one block wide, turned by `angle`: the front edges
    // L (left of the old face), M (between the faces) and R (right of the new face), as
    // (x, depth). The old face turns away to the left, the new face turns in from the right.
    let l = vec2<f32>(-0.5 * c - 0.5 * s, 0.5 * c - 0.5 * s);
    let m = vec2<f32>(0.5 * c - 0.5 * s, 0.5 * c + 0.5 * s);
    let r = vec2<f32>(0.5 * c + 0.5 * s, 0.5 * s - 0.5 * c);
    let gl = persp(l.y);
    let gm = persp(m.y);
    let gr = persp(r.y);
    let xl = l.x * gl;
    let xm = m.x * gm;
    let xr = r.x * gr;
    // A face is seen only while its edges project in order (it faces the camera).
    let from_seen = xm > xl;
    let to_seen = xr > xm;
    // The silhouette is stretched to fill the block's cell exactly, so blocks never overlap
    // and never leave gaps at the sides.
    let left = select(xm, xl, from_seen);
    let right = select(xm, xr, to_seen);
    let x = mix(left, right, local.x);
    // Edge heights: the nearest edge fills the cell, farther ones shrink with distance.
    let gmax = max(gm, max(select(0.0, gl, from_seen), select(0.0, gr, to_seen)));

    let cell_px = size * target_size();
    let v = local.y - 0.5;
    let behind = mix(from_color(uv), to_color(uv), t) * 0.1;

    // The old face, from L to M. Screen position is linear between the edges; the point on
    // the face is perspective-correct; its height is linear between the edge heights.
    let tf = clamp((x - xl) / max(xm - xl, 1e-5), 0.0, 1.0);
    let af = tf * gm / mix(gl, gm, tf);
    let hf = mix(gl, gm, tf) / gmax;
    let from_face = from_color(origin + vec2<f32>(af, clamp(v / hf + 0.5, 0.0, 1.0)) * size);
    let from_col = mix(behind, from_face * mix(0.6, 1.0, c), face_cover(v, hf, cell_px.y));

    // The new face, from M to R.
    let tt = clamp((x - xm) / max(xr - xm, 1e-5), 0.0, 1.0);
    let at = tt * gr / mix(gm, gr, tt);
    let ht = mix(gm, gr, tt) / gmax;
    let to_face = to_color(origin + vec2<f32>(at, clamp(v / ht + 0.5, 0.0, 1.0)) * size);
    let to_col = mix(behind, to_face * mix(0.6, 1.0, s), face_cover(v, ht, cell_px.y));

    // The corner between the faces, blended over one pixel so it does not crawl.
    let seam = (xm - left) / max(right - left, 1e-5);
    let w = clamp((local.x - seam) * cell_px.x + 0.5, 0.0, 1.0);
    return mix(from_col, to_col, select(1.0, w, from_seen));
}

// Vertical coverage of a face `height` (fraction of the cell) tall at `v` (-0.5..0.5 down the
// cell). At full height it is widened by half a pixel so the pixel shared with the block below
// stays covered; the extra fades out once the edge has moved a pixel.
fn face_cover(v: f32, height: f32, cell_px: f32) -> f32 {
    let half_px = 0.5 * cell_px;
    let shrink = (1.0 - height) * half_px;
    return band_cover(abs(v) * cell_px, height * half_px + 0.5 * clamp(1.0 - shrink, 0.0, 1.0));
}
