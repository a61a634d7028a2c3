#version 450
// The host side of the gl-transitions v1 interface, prepended to a user's .glsl file (whose
// uniforms become the globals of the same name, set by the generated `main` that follows it).
// It reproduces the collection's own WebGL host: uv has its origin at the bottom left, the
// photos are read as stored (sRGB values, not linear light) with their edges clamped, and the
// result is taken as sRGB.

layout(location = 0) in vec2 fw_uv;
layout(location = 0) out vec4 fw_color;

layout(set = 0, binding = 0) uniform FwFrame {
    vec4 from_rect;
    vec4 to_rect;
    vec4 progress_ratio_size;
} fw_frame;
layout(set = 0, binding = 1) uniform sampler fw_sampler;
layout(set = 0, binding = 2) uniform texture2D fw_from;
layout(set = 0, binding = 3) uniform texture2D fw_to;

float progress;
float ratio;

vec3 fw_encode_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

vec3 fw_decode_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

// A gl-transitions uv (origin bottom left) into the photo's texture: cover geometry and Ken
// Burns window from `rect` (scale xy, offset zw, for a uv with its origin at the top left).
vec2 fw_photo_uv(vec2 uv, vec4 rect) {
    return vec2(uv.x, 1.0 - uv.y) * rect.xy + rect.zw;
}

vec4 getFromColor(vec2 uv) {
    vec4 c = textureLod(sampler2D(fw_from, fw_sampler), fw_photo_uv(uv, fw_frame.from_rect), 0.0);
    return vec4(fw_encode_srgb(c.rgb), c.a);
}

vec4 getToColor(vec2 uv) {
    vec4 c = textureLod(sampler2D(fw_to, fw_sampler), fw_photo_uv(uv, fw_frame.to_rect), 0.0);
    return vec4(fw_encode_srgb(c.rgb), c.a);
}
