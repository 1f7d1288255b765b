"""Deliberately malformed files, so the loader's rejection path has something to reject."""

from __future__ import annotations

from pathlib import Path

README = """# Deliberately malformed files

Each file here must be rejected whole by the loader, with a message naming the
file, the segment and the problem. They are derived from a good file of the
same run ({source}).

| file | what is wrong |
|---|---|
| `truncated.837` | the file stops in the middle of a claim: no SE, GE or IEA |
| `wrong_se01.837` | SE01 is 5 more than the number of segments in the transaction |
| `missing_iea.835` | a complete 835 without its closing IEA segment |
| `not_x12.837` | not X12 at all: binary bytes (a PNG header and noise) with an .837 name |
"""


def write(
    bad_dir: Path, good_837: str, good_835: str, source_837: str, source_835: str
) -> list[Path]:
    """Write the four broken files and their README; return the broken files' paths."""
    bad_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def put(name: str, data: bytes) -> None:
        path = bad_dir / name
        path.write_bytes(data)
        files.append(path)

    segs = good_837.split("~\n")
    put("truncated.837", ("~\n".join(segs[: max(12, len(segs) // 2)]) + "~\nCLM*").encode())
    wrong = []
    for s in segs:
        if s.startswith("SE*"):
            parts = s.split("*")
            parts[1] = str(int(parts[1]) + 5)
            s = "*".join(parts)
        wrong.append(s)
    put("wrong_se01.837", "~\n".join(wrong).encode())
    put("missing_iea.835", good_835[: good_835.rindex("IEA*")].encode())
    noise = bytes((i * 73 + 11) % 256 for i in range(2048))
    put("not_x12.837", b"\x89PNG\r\n\x1a\n" + noise)
    sources = f"`{source_837}` and `{source_835}`"
    (bad_dir / "README.md").write_text(README.format(source=sources), encoding="utf-8")
    return files
