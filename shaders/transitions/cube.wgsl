// Cube: the two photos are neighbouring faces of a turning cube seen in perspective; the old face swings away to one side as the new one turns to face the viewer, the cube backing off a little mid-turn above a dark reflecting floor.
// @duration 1.5
// @easing cubic-in-out
// @param perspective: f32 = 0.7 in 0.1..2.0 ; strength of the perspective (bigger is a closer camera and stronger foreshortening)
// @param zoom: f32 = 0.5 in 0.0..2.0 ; how far the cube backs off at the middle of the turn, in screen heights
// @param direction: i32 = 0 in 0..1 ; 0 turns left (the new photo comes in from the right), 1 turns right (it comes in from the left)

// Turns `v` about the vertical axis.
fn cube_turn(v: vec3<f32>, a: f32) -> vec3<f32> {
    let c = cos(a);
    let s = sin(a);
    return vec3<f32>(v.x * c + v.z * s, v.y, -v.x * s + v.z * c);
}

// Traces a ray against the cube (world units: the screen is 1 high; the cube is `half` * 2 wide
// and deep and 1 high, centred at the origin, turned by `angle`). Returns the colour and which
// surface was hit in w (0 nothing, 1 old face, 2 new face, 3 a face not normally seen).
// `mirror` flips the scene left-right (for the right turn) and flips the photos back.
// `reflected` dims the result into a reflection on the floor that fades away from the cube's foot.
fn cube_trace(origin: vec3<f32>, dir: vec3<f32>, angle: f32, half: f32, mirror: bool, reflected: bool) -> vec4<f32> {
    let o = cube_turn(origin, -angle);
    let d = cube_turn(dir, -angle);
    // Slab test. WGSL leaves 1/0 undefined: a zero component is nudged off zero (keeping its
    // sign), which gives huge values that order like the infinities the test wants.
    let tiny = vec3<f32>(1e-20);
    let safe = select(d, select(-tiny, tiny, d >= vec3<f32>(0.0)), abs(d) < tiny);
    let inv = 1.0 / safe;
    let x1 = (-half - o.x) * inv.x;
    let x2 = (half - o.x) * inv.x;
    let z1 = (-half - o.z) * inv.z;
    let z2 = (half - o.z) * inv.z;
    let y1 = (-0.5 - o.y) * inv.y;
    let y2 = (0.5 - o.y) * inv.y;
    let xn = min(x1, x2);
    let zn = min(z1, z2);
    let near = max(max(xn, zn), min(y1, y2));
    let far = min(min(max(x1, x2), max(z1, z2)), max(y1, y2));
    // Only hits in front of the camera (an extreme setting could put the camera inside the turning box).
    if (near > far || near <= 0.0) {
        return vec4<f32>(0.0);
    }
    let h = o + d * near;
    var u = 0.0;
    var id = 3.0;
    var facing = 0.0;
    if (zn >= xn && d.z > 0.0) {
        // The front face (z = -half) carries the old photo.
        u = h.x / (2.0 * half) + 0.5;
        id = 1.0;
        facing = cos(angle);
    } else if (xn > zn && d.x < 0.0) {
        // The right face (x = +half) carries the new photo; it faces the viewer after a quarter turn.
        u = h.z / (2.0 * half) + 0.5;
        id = 2.0;
        facing = sin(angle);
    }
    if (mirror) {
        u = 1.0 - u;
    }
    let fuv = clamp(vec2<f32>(u, 0.5 - h.y), vec2<f32>(0.0), vec2<f32>(1.0));
    var colour = vec3<f32>(0.0);
    if (id == 1.0) {
        colour = from_color(fuv).rgb;
    } else if (id == 2.0) {
        colour = to_color(fuv).rgb;
    }
    // A face darkens as it turns away from the viewer; exactly 1 when it faces them.
    colour *= mix(0.3, 1.0, clamp(facing, 0.0, 1.0));
    if (reflected) {
        colour *= 0.2 * pow(fuv.y, 4.0);
    }
    return vec4<f32>(colour, id);
}

// The colour seen through screen point `s` (screen heights from the centre, y up).
fn cube_view(s: vec2<f32>, angle: f32, half: f32, focal: f32, back: f32, mirror: bool) -> vec4<f32> {
    var q = s;
    if (mirror) {
        q.x = -q.x;
    }
    // The camera sits so that, unturned and not backed off, the front face exactly fills the screen.
    let origin = vec3<f32>(0.0, 0.0, -half - focal - back);
    let dir = vec3<f32>(q.x, q.y, focal);
    let hit = cube_trace(origin, dir, angle, half, mirror, false);
    if (hit.w > 0.0) {
        return hit;
    }
    // Missed the cube: a dark floor level with its bottom, with a faint reflection of it.
    if (dir.y < 0.0) {
        // The floor mirrors the scene: trace from the camera's mirror image below it.
        let refl = cube_trace(vec3<f32>(origin.x, -1.0 - origin.y, origin.z), vec3<f32>(dir.x, -dir.y, dir.z), angle, half, mirror, true);
        if (refl.w > 0.0) {
            return vec4<f32>(refl.rgb, refl.w + 3.0);
        }
    }
    return vec4<f32>(0.0);
}

fn transition(uv: vec2<f32>) -> vec4<f32> {
    let t = progress;
    let mirror = params.direction == 1;
    // A quarter turn; the box is as deep as the screen is wide, so the next face has the same shape.
    let angle = 1.5707963 * t;
    let half = 0.5 * ratio;
    let focal = 1.0 / max(params.perspective, 0.05);
    // Backs off through the middle of the turn (the near edge swings towards the camera), zero at both ends.
    let back = max(params.zoom, 0.0) * sin(3.14159265 * t);
    let s = (uv - 0.5) * vec2<f32>(ratio, -1.0);
    // One sample a pixel: a software renderer must keep up too (supersampling the edges cost
    // five traces a pixel everywhere). Both ends are the photos themselves, drawn by the host.
    return vec4<f32>(cube_view(s, angle, half, focal, back, mirror).rgb, 1.0);
}
