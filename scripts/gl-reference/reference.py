#!/usr/bin/env python3
"""Reference renderer for gl-transitions GLSL files (headless Mesa via moderngl).

Reproduces the wrapper used by the `gl-transition` npm library (WebGL 1 / GLSL ES 1.00):

    precision highp float; varying vec2 _uv;
    uniform sampler2D from, to; uniform float progress, ratio;
    vec4 getFromColor(vec2 uv){return texture2D(from, uv);}   // resizeMode "stretch" == "cover" for equal sizes
    vec4 getToColor(vec2 uv){return texture2D(to, uv);}
    <transition source>
    void main(){gl_FragColor=transition(_uv);}

with the big-triangle vertex shader  _uv = 0.5*(_p+1.0)  (uv origin bottom-left, y up,
pixel centres at (x+0.5)/W, (y+0.5)/H).  Textures are RGBA8 (not sRGB), LINEAR, CLAMP_TO_EDGE,
uploaded with UNPACK_FLIP_Y semantics (uv.y = 1 is the top row of the PNG).  The framebuffer
is RGBA8, read back and flipped so the PNG is upright; alpha is dropped (RGB written).

Parameters follow the published gl-transitions.json semantics: a uniform is a parameter only when
it has a `// = value` line comment; bool is true only for the literal `true`.  Other uniforms
(e.g. burn's `color /* = ... */`) are left at 0 like the reference host does.  --param overrides.

Single:  reference.py --glsl F.glsl --from A.png --to B.png --progress P --out OUT.png [--param k=v ...]
Batch:   reference.py --batch --collection DIR --from A.png --to B.png --progress P --outdir OUT
"""
import argparse
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from glslparams import parse_uniforms, HOST_UNIFORMS, SIZES, base_of  # noqa: E402

VERT = """#version %s
attribute vec2 _p;
varying vec2 _uv;
void main() {
gl_Position = vec4(_p,0.0,1.0);
_uv = vec2(0.5, 0.5) * (_p+vec2(1.0, 1.0));
}"""

RESIZE = {
    "stretch": lambda r: "uv",
    "cover": lambda r: ".5+(uv-.5)*vec2(min(ratio/%s,1.),min(%s/ratio,1.))" % (r, r),
    "contain": lambda r: ".5+(uv-.5)*vec2(max(ratio/%s,1.),max(%s/ratio,1.))" % (r, r),
}


def make_frag(glsl, resize="stretch", version="100"):
    r = RESIZE[resize]
    extra = ", _fromR, _toR" if resize != "stretch" else ""
    return ("#version %s\n" % version +
            "precision highp float;varying vec2 _uv;uniform sampler2D from, to;"
            "uniform float progress, ratio%s;"
            "vec4 getFromColor(vec2 uv){return texture2D(from,%s);}"
            "vec4 getToColor(vec2 uv){return texture2D(to,%s);}\n"
            "%s\n"
            "void main(){gl_FragColor=transition(_uv);}" % (extra, r("_fromR"), r("_toR"), glsl))


# GLSL ES 1.00 is what WebGL 1 compiles.  Mesa enforces the ES rule "global initialisers must be
# constant expressions", which ANGLE (Chrome/Firefox/headless-gl WebGL) relaxes for ESSL 1.00
# (it defers such initialisers into main()).  Desktop GLSL 1.30 allows them, keeps `precision`,
# texture2D, gl_FragColor, attribute/varying: used as the fallback in --glsl-version auto.
VERSIONS = {"auto": ["100", "130"], "100": ["100"], "130": ["130"]}


# ---------------------------------------------------------------- parameters (host semantics)
def _js_parse_float(s):
    import re
    m = re.match(r"^\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)", s, re.I)
    if not m:
        raise ValueError("not a number: %r" % s)
    return float(m.group(0))


def _js_parse_int(s):
    import re
    m = re.match(r"^\s*[+-]?\d+", s)
    if not m:
        raise ValueError("not an integer: %r" % s)
    return int(m.group(0))


def _scalar(tok, base):
    tok = tok.strip()
    if base == "bool":
        return tok == "true"           # like the published JSON: "1" -> false
    if tok in ("true", "false"):
        return 1 if tok == "true" else 0
    return _js_parse_int(tok) if base == "int" else _js_parse_float(tok)


def parse_value(text, typ):
    """GLSL literal / comma list -> scalar or tuple for uniform type typ."""
    import re
    n, base = SIZES[typ], base_of(typ)
    text = re.split(r";|//", text, 1)[0].strip()
    m = re.match(r"^\w+\s*\((.*)\)\s*$", text)
    args = [a for a in (m.group(1) if m else text).split(",") if a.strip()]
    vals = [_scalar(a, base) for a in args]
    if n == 1:
        if len(vals) != 1:
            raise ValueError("%s expects 1 value, got %r" % (typ, text))
        return vals[0]
    if len(vals) == 1:
        vals *= n
    if len(vals) != n:
        raise ValueError("%s expects %d values, got %r" % (typ, n, text))
    return tuple(vals)


def transition_params(src, overrides):
    """-> (params {name: (type, value)}, extra_samplers [names], notes)"""
    params, samplers, notes = {}, [], []
    decl = {}
    for u in parse_uniforms(src):
        if u["name"] in HOST_UNIFORMS:
            continue
        decl[u["name"]] = u["type"]
        if u["type"] == "sampler2D":
            samplers.append(u["name"])
        elif u["default_text"] is not None or u["name"] in overrides:
            if u["default_text"] is None:
                continue
            params[u["name"]] = (u["type"], parse_value(u["default_text"], u["type"]))
        else:
            notes.append("uniform %s %s has no `// =` default: left at 0%s" % (
                u["type"], u["name"],
                " (block comment default ignored, like gl-transitions.json)" if u["block_comment"] else ""))
    for k, v in overrides.items():
        if k not in decl:
            raise SystemExit("--param %s: no such uniform in the transition (have: %s)" % (k, ", ".join(decl) or "none"))
        if decl[k] == "sampler2D":
            raise SystemExit("--param %s: sampler2D, use --texture" % k)
        params[k] = (decl[k], parse_value(v, decl[k]))
    return params, samplers, notes


# ---------------------------------------------------------------- GL
def create_context():
    import moderngl
    errs = []
    for kw in (dict(standalone=True, backend="egl"), dict(standalone=True)):
        try:
            return moderngl.create_context(**kw)
        except Exception as e:  # noqa: BLE001
            errs.append("%s: %s" % (kw, e))
    raise SystemExit("could not create an OpenGL context:\n  " + "\n  ".join(errs) +
                     "\n(try: Xvfb :91 -screen 0 1280x720x24 & export DISPLAY=:91)")


def load_rgba(path):
    return np.asarray(Image.open(path).convert("RGBA"), dtype=np.uint8)


class Renderer:
    def __init__(self, size, from_rgba, to_rgba, filter_="linear"):
        import moderngl
        self.mgl = moderngl
        self.ctx = create_context()
        self.w, self.h = size
        flt = moderngl.LINEAR if filter_ == "linear" else moderngl.NEAREST
        self.filter = (flt, flt)
        self.tex_from = self._texture(from_rgba)
        self.tex_to = self._texture(to_rgba)
        self.fbo = self.ctx.framebuffer(color_attachments=[self.ctx.renderbuffer((self.w, self.h), 4, dtype="f1")])
        self.vbo = self.ctx.buffer(np.array([-1, -1, -1, 4, 4, -1], dtype="f4").tobytes())

    def _texture(self, rgba):
        h, w = rgba.shape[:2]
        # UNPACK_FLIP_Y_WEBGL: first uploaded row (t=0, uv.y=0) is the BOTTOM row of the image
        tex = self.ctx.texture((w, h), 4, np.ascontiguousarray(rgba[::-1]).tobytes(), dtype="f1")
        tex.filter = self.filter
        tex.repeat_x = False   # CLAMP_TO_EDGE
        tex.repeat_y = False
        return tex

    def compile(self, src, resize, versions):
        """-> (program, version used, [errors of rejected versions])"""
        errs = []
        for v in versions:
            try:
                return self.ctx.program(vertex_shader=VERT % v, fragment_shader=make_frag(src, resize, v)), v, errs
            except Exception as e:  # noqa: BLE001
                errs.append("GLSL %s: %s" % (v, first_line(e)))
        raise RuntimeError(" | ".join(errs))

    def render(self, src, progress, params, textures=None, resize="stretch", versions=("100", "130")):
        """Returns (upright rgba uint8 array, glsl version used, [rejections])."""
        ctx = self.ctx
        prog, used, rejected = self.compile(src, resize, versions)
        try:
            vao = ctx.vertex_array(prog, [(self.vbo, "2f", "_p")])
            self.tex_from.use(0)
            self.tex_to.use(1)
            unit = 2
            extra = []
            for name, rgba in (textures or {}).items():
                t = self._texture(rgba)
                t.use(unit)
                extra.append(t)
                if name in prog:
                    prog[name].value = unit
                unit += 1

            def setu(name, value):
                if name in prog:           # inactive (optimised-out) uniforms are skipped, like WebGL
                    prog[name].value = value
            setu("from", 0)
            setu("to", 1)
            setu("progress", float(progress))
            setu("ratio", self.w / self.h)
            if resize != "stretch":
                setu("_fromR", self.w / self.h)
                setu("_toR", self.w / self.h)
            for name, (typ, val) in params.items():
                base = base_of(typ)
                if base == "bool":
                    val = tuple(bool(v) for v in val) if isinstance(val, tuple) else bool(val)
                elif base == "int":
                    val = tuple(int(v) for v in val) if isinstance(val, tuple) else int(val)
                else:
                    val = tuple(float(v) for v in val) if isinstance(val, tuple) else float(val)
                setu(name, val)
            self.fbo.use()
            ctx.viewport = (0, 0, self.w, self.h)
            ctx.disable(self.mgl.BLEND | self.mgl.DEPTH_TEST | self.mgl.CULL_FACE)
            self.fbo.clear(0.0, 0.0, 0.0, 0.0)
            vao.render(self.mgl.TRIANGLES, vertices=3)
            data = self.fbo.read(components=4, alignment=1)
            img = np.frombuffer(data, dtype=np.uint8).reshape(self.h, self.w, 4)[::-1]  # GL rows bottom-up
            vao.release()
            for t in extra:
                t.release()
            return np.ascontiguousarray(img), used, rejected
        finally:
            prog.release()


def save_rgb(rgba, path):
    Image.fromarray(np.ascontiguousarray(rgba[:, :, :3]), "RGB").save(path)


def kv_list(items, what):
    out = {}
    for it in items or []:
        if "=" not in it:
            raise SystemExit("%s expects name=value, got %r" % (what, it))
        k, v = it.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def first_line(msg):
    lines = [l.strip() for l in str(msg).splitlines() if "error" in l.lower()]
    return (lines[0] if lines else " ".join(str(msg).split()))[:300]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--glsl")
    ap.add_argument("--from", dest="from_", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--progress", type=float, required=True)
    ap.add_argument("--out")
    ap.add_argument("--param", action="append", help="name=value (comma-separated numbers or true/false)")
    ap.add_argument("--texture", action="append", help="name=file.png for an extra sampler2D uniform")
    ap.add_argument("--resize", choices=list(RESIZE), default="stretch",
                    help="getFromColor/getToColor uv mapping (gl-transition resizeMode); all identical for equal sizes "
                         "up to float rounding; default stretch = plain texture2D(from, uv)")
    ap.add_argument("--filter", choices=["linear", "nearest"], default="linear")
    ap.add_argument("--glsl-version", choices=list(VERSIONS), default="auto",
                    help="auto: GLSL ES 1.00 (#version 100, as WebGL), falling back to desktop #version 130 when "
                         "Mesa's ES front-end rejects the shader (non-constant global initialisers)")
    ap.add_argument("--batch", action="store_true")
    ap.add_argument("--collection")
    ap.add_argument("--outdir")
    a = ap.parse_args()

    A, B = load_rgba(a.from_), load_rgba(a.to)
    if A.shape != B.shape:
        raise SystemExit("input sizes differ: %s is %dx%d, %s is %dx%d" % (
            a.from_, A.shape[1], A.shape[0], a.to, B.shape[1], B.shape[0]))
    size = (A.shape[1], A.shape[0])
    overrides = kv_list(a.param, "--param")
    r = Renderer(size, A, B, a.filter)

    if not a.batch:
        if not (a.glsl and a.out):
            ap.error("--glsl and --out are required (or use --batch)")
        src = open(a.glsl, newline="").read()
        params, samplers, notes = transition_params(src, overrides)
        texpaths = kv_list(a.texture, "--texture")
        missing = [s for s in samplers if s not in texpaths]
        if missing:
            raise SystemExit("transition uses extra sampler2D uniform(s) %s: pass --texture NAME=FILE.png "
                             "(note: gl-transition with the published JSON leaves them unbound = unit 0 = `from`)"
                             % ", ".join(missing))
        textures = {}
        for k, p in texpaths.items():
            t = load_rgba(p)
            if t.shape != A.shape:
                raise SystemExit("--texture %s: size differs from inputs" % k)
            textures[k] = t
        for n in notes:
            print("note:", n, file=sys.stderr)
        try:
            img, used, rejected = r.render(src, a.progress, params, textures, a.resize, VERSIONS[a.glsl_version])
        except Exception as e:  # noqa: BLE001
            raise SystemExit("compile/link failed: %s" % e)
        save_rgb(img, a.out)
        na = int((img[:, :, 3] != 255).sum())
        if rejected:
            print("note: compiled as GLSL %s; rejected: %s" % (used, " | ".join(rejected)), file=sys.stderr)
        print("wrote %s (%dx%d, progress %g, GLSL %s, params %s)%s" % (
            a.out, size[0], size[1], a.progress, used,
            {k: v for k, (_, v) in params.items()},
            "; %d pixels had alpha != 255 (dropped)" % na if na else ""))
        return

    if not (a.collection and a.outdir):
        ap.error("--batch needs --collection and --outdir")
    if overrides:
        ap.error("--param is not supported in batch mode")
    os.makedirs(a.outdir, exist_ok=True)
    files = sorted((f for f in os.listdir(a.collection) if f.endswith(".glsl")), key=str.lower)
    rows, ok, skipped = [], 0, []
    for f in files:
        name = f[:-5]
        src = open(os.path.join(a.collection, f), newline="").read()
        try:
            params, samplers, notes = transition_params(src, {})
        except Exception as e:  # noqa: BLE001
            skipped.append((name, "parameter parse error: %s" % e))
            rows.append((name, "SKIP", str(e), ""))
            continue
        if samplers:
            reason = "uses extra sampler2D uniform(s): " + ",".join(samplers)
            skipped.append((name, reason))
            rows.append((name, "SKIP", reason, ""))
            continue
        try:
            img, used, rejected = r.render(src, a.progress, params, None, a.resize, VERSIONS[a.glsl_version])
        except Exception as e:  # noqa: BLE001
            reason = "compile/link failed: " + first_line(e)
            skipped.append((name, reason))
            rows.append((name, "FAIL", reason, ""))
            continue
        save_rgb(img, os.path.join(a.outdir, name + ".png"))
        ok += 1
        na = int((img[:, :, 3] != 255).sum())
        info = []
        if rejected:
            info.append("compiled as GLSL %s (%s)" % (used, " | ".join(rejected)))
        if na:
            info.append("alpha!=255 on %.1f%% of pixels" % (100.0 * na / (size[0] * size[1])))
        info += notes
        rows.append((name, "OK", "; ".join(info), " ".join("%s=%s" % (k, v) for k, (_, v) in params.items())))
        print("ok   %s%s" % (name, "  [GLSL %s fallback]" % used if rejected else ""), flush=True)
    with open(os.path.join(a.outdir, "REPORT.tsv"), "w") as fh:
        fh.write("name\tstatus\tnotes\tparams\n")
        for row in rows:
            fh.write("\t".join(str(c).replace("\t", " ") for c in row) + "\n")
    print("\nrendered %d / %d at progress %g into %s" % (ok, len(files), a.progress, a.outdir))
    for n, why in skipped:
        print("SKIPPED %s: %s" % (n, why))


if __name__ == "__main__":
    main()
