// Doorway: the old photo splits down the middle and its halves swing open towards the viewer like a pair of doors, while the new photo comes forward out of the dark behind them.
// @duration 1.6
// @easing sine-in-out
// @param depth: f32 = 0.15 in 0.0..0.5 ; how much smaller the new photo starts behind the doors, as a fraction of its size
// @param perspective: f32 = 0.5 in 0.05..0.9 ; strength of the perspective on the doors (bigger is a closer camera and a stronger squash)

// The doors are fully open (edge-on at the screen's sides) by this point; the new photo keeps coming forward until the end.
const DOOR_OPEN_BY: f32 = 0.85;

// One door, hinged at the screen edge on side `side` (-1 left, +1 right), swung by `swing` radians
// towards the viewer. `s` is the screen point in screen heights from the centre (y down), `half` the
// door width, `focal` the camera's distance from the screen plane. Returns the photo colour and its
// coverage in w (0 off the door, feathered over 1.5 pixels at the free edge).
fn door(s: vec2<f32>, side: f32, swing: f32, half: f32, focal: f32, aa: f32) -> vec4<f32> {
    // Work as if the door were on the left: the right one is its mirror image.
    let x = s.x * -side;
    let c = cos(swing);
    let sn = sin(swing);
    // A door point `w` from the hinge sits at x = -half + w cos, depth -w sin (towards the camera),
    // and projects to x * focal / (focal - w sin). Solving that for w inverts the projection.
    let w = focal * (x + half) / (focal * c + x * sn);
    let depth = focal - w * sn;
    if (depth <= 1e-3 || w < 0.0) {
        return vec4<f32>(0.0);
    }
    // Screen distance from the door's free edge (w = half), positive on the door side.
    let edge_depth = focal - half * sn;
    let edge_x = select(1e3, (-half + half * c) * focal / edge_depth, edge_depth > 1e-3);
    let cover = clamp(0.5 + (edge_x - x) / aa, 0.0, 1.0);
    if (cover <= 0.0) {
        return vec4<f32>(0.0);
    }
    // Nearer points look bigger: undo that for the height too.
    let y = s.y * depth / focal;
    // Unclamped: the feather just past the free edge reads the photo just past the split, so the
    // closed doors are exactly the old photo.
    var u = w / (2.0 * half);
    if (side > 0.0) {
        u = 1.0 - u;
    }
    let colour = from_color(vec2<f32>(u, y + 0.5)).rgb;
    // Swinging away from the light, the doors darken a little.
    return vec4<f32>(colour * (1.0 - 0.4 * sn), cover);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let t = progress;
    let half = 0.5 * ratio;
    // Camera distance in door widths, so the doors look the same in any aspect.
    let focal = half / clamp(params.perspective, 0.05, 0.95);
    // The doors' free edges travel steadily across the screen (the host eases the pace): from the
    // middle to a little past the screen's sides, where a door is gone. Solve for the swing angle
    // that puts the free edge at screen x = a * half: k cos + a sin = k (1 + a), with k = focal / half.
    let o = clamp(t / DOOR_OPEN_BY, 0.0, 1.0);
    // Starting from rest, so the split does not flash open in the first frames.
    let open = o * o * (2.0 - o);
    let a = -1.05 * open;
    let k = focal / half;
    let swing = atan2(a, k) + acos(clamp(k * (1.0 + a) / sqrt(k * k + a * a), -1.0, 1.0));
    let s = (uv - 0.5) * vec2<f32>(ratio, 1.0);
    let aa = 1.5 / target_size().y;
    let left = door(s, -1.0, swing, half, focal, aa);
    let right = door(s, 1.0, swing, half, focal, aa);

    // The new photo comes forward from smaller and darker; black around it while it is smaller.
    let come = smoothstep(0.0, 1.0, t);
    let scale = mix(1.0 - clamp(params.depth, 0.0, 0.9), 1.0, come);
    let light = mix(0.35, 1.0, come);
    let behind = to_color((uv - 0.5) / scale + 0.5).rgb * light;

    // The doors never overlap, so their coverages add; where they meet at the start they sum to 1
    // and the old photo is exact.
    let cover = min(left.w + right.w, 1.0);
    let colour = left.rgb * left.w + right.rgb * right.w + behind * (1.0 - cover);
    return vec4<f32>(colour, 1.0);
}
