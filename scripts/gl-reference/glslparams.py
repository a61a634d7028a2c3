"""Parse gl-transitions uniform declarations and their `// = default` values."""
import re

HOST_UNIFORMS = {"progress", "ratio", "from", "to", "_fromR", "_toR"}

# uniform TYPE NAME [/* ... */] ;  [// = VALUE]
UNIFORM_RE = re.compile(
    r"^\s*uniform\s+(?:(?:lowp|mediump|highp)\s+)?(\w+)\s+(\w+)\s*(?:/\*(.*?)\*/\s*)?;\s*(?://\s*=\s*(.*?)\s*)?$"
)
ANY_UNIFORM_RE = re.compile(r"^\s*uniform\b")

SIZES = {"float": 1, "int": 1, "bool": 1,
         "vec2": 2, "vec3": 3, "vec4": 4,
         "ivec2": 2, "ivec3": 3, "ivec4": 4,
         "bvec2": 2, "bvec3": 3, "bvec4": 4}


def parse_uniforms(src):
    """Return list of dicts: type, name, default_text (or None), block_comment, line.
    Raises ValueError on an unparseable uniform declaration."""
    out = []
    for i, line in enumerate(src.splitlines(), 1):
        if not ANY_UNIFORM_RE.match(line):
            continue
        m = UNIFORM_RE.match(line)
        if not m:
            raise ValueError("unparsed uniform declaration line %d: %r" % (i, line))
        out.append(dict(type=m.group(1), name=m.group(2), block_comment=m.group(3),
                        default_text=m.group(4), line=i))
    return out


def _scalar(tok, base):
    tok = tok.strip()
    if tok in ("true", "false"):
        v = tok == "true"
    else:
        v = float(tok.rstrip("fF")) if base != "int" else int(float(tok))
    if base == "float":
        return float(v)
    if base == "int":
        return int(v)
    if base == "bool":
        return bool(v)
    raise ValueError(base)


def base_of(t):
    if t in ("float", "vec2", "vec3", "vec4"):
        return "float"
    if t in ("int", "ivec2", "ivec3", "ivec4"):
        return "int"
    if t in ("bool", "bvec2", "bvec3", "bvec4"):
        return "bool"
    raise ValueError("unsupported uniform type " + t)


def parse_literal(text, t):
    """Parse a GLSL literal like 1.0, 10, true, vec2(0.0, 1.0), vec3(0.5), ivec2(10,10)
    into a python value suitable for the uniform of type t (scalar or tuple)."""
    n, base = SIZES[t], base_of(t)
    # the value ends at a ';' or a further '//' comment (e.g. "0.4 ; // if 0.0, ...")
    text = re.split(r";|//", text, 1)[0].strip()
    m = re.match(r"^(\w+)\s*\((.*)\)$", text)
    if m:
        args = [a for a in m.group(2).split(",") if a.strip()]
    else:
        args = text.split(",")
    vals = [_scalar(a, base) for a in args]
    if n == 1:
        if len(vals) != 1:
            raise ValueError("expected 1 value for %s, got %r" % (t, text))
        return vals[0]
    if len(vals) == 1:
        vals = vals * n
    if len(vals) != n:
        raise ValueError("expected %d values for %s, got %r" % (n, t, text))
    return tuple(vals)
