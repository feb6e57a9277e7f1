"""Row transforms of the bare import reference (imported by the benchmark's subprocess)."""

TRANSFORMS = {
    "enterprises": lambda r: r,
    "qualifications": lambda r: [r[0], r[1], r[2], "", "", "", r[3]],
    "personnel": lambda r: [r[0], r[1], r[2], 1 if r[3].startswith("一") else 2, r[4], r[5], r[6]],
    "social_insurance": lambda r: r,
}
