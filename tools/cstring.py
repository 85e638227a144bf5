"""Text as C string literals, for the generators that compile files of
the repository (SQL migrations, gnuplot templates) into the binary."""


def c_string(text):
    """Return text as a C string literal, one source line per line."""
    out = []
    for line in text.splitlines(keepends=True):
        esc = line.replace('\\', '\\\\').replace('"', '\\"')
        esc = esc.replace('\n', '\\n').replace('\t', '\\t')
        out.append('\t    "%s"' % esc)
    return '\n'.join(out) if out else '\t    ""'
