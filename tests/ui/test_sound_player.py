# SPDX-License-Identifier: Apache-2.0
"""The three sounds differ in pitch and rhythm, follow the volume, and never block."""

from __future__ import annotations

import array
import wave
from pathlib import Path

from station.ui.sound_player import KINDS, SOUNDS_DIR, SoundPlayer, scaled_copy


def _samples(path: Path) -> tuple[int, array.array]:
    with wave.open(str(path), "rb") as w:
        return w.getframerate(), array.array("h", w.readframes(w.getnframes()))


def _bursts(samples: array.array) -> int:
    """Number of separate tones (runs of sound between silences)."""
    count, loud, quiet = 0, False, 0
    for s in samples:
        if abs(s) > 1000:
            if not loud:
                count += 1
            loud, quiet = True, 0
        else:
            quiet += 1
            if quiet > 200:
                loud = False
    return count


def test_the_sounds_are_told_apart_by_rhythm() -> None:
    bursts = {kind: _bursts(_samples(SOUNDS_DIR / f"{kind}.wav")[1]) for kind in KINDS}
    assert bursts == {"accept": 1, "reject": 2, "attention": 3}


def test_volume_scales_the_samples(tmp_path: Path) -> None:
    _, full = _samples(SOUNDS_DIR / "accept.wav")
    _, half = _samples(scaled_copy(SOUNDS_DIR / "accept.wav", 50, tmp_path))
    assert max(half) == int(max(full) * 0.5)


def test_muted_sounds_do_not_play() -> None:
    assert SoundPlayer(enabled=False).play("accept") is False
    assert SoundPlayer(volume=0).play("reject") is False
