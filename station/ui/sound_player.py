# SPDX-License-Identifier: Apache-2.0
"""Accept, reject and attention sounds, played without blocking the UI thread.

The WAV files ship in ``station/ui/sounds/`` (made by ``packaging/make_sounds.py``: a short
high tone for accept, two low tones for reject, three rising tones for attention, so they
differ in pitch and rhythm, not only in loudness). Played with the platform's own player:
``winsound`` on Windows, ``afplay`` on macOS, ``paplay``/``aplay`` on Linux; where none exists
the window falls back to ``QApplication.beep``. Volume scales the samples (0-100).
"""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

SOUNDS_DIR = Path(__file__).with_name("sounds")
KINDS = ("accept", "reject", "attention")

#: the sound of each feedback kind: accept only for a committed success, none for info
FEEDBACK_SOUNDS: dict[str, str | None] = {
    "success": "accept",
    "waiting": "attention",
    "attention": "attention",
    "info": None,
    "refused": "reject",
}


def scaled_copy(source: Path, volume: int, folder: Path) -> Path:
    """``source`` with its 16-bit samples scaled to ``volume`` percent, written in ``folder``."""
    target = folder / f"{source.stem}-{volume}.wav"
    if target.exists():
        return target
    with wave.open(str(source), "rb") as src:
        params = src.getparams()
        samples = array.array("h", src.readframes(src.getnframes()))
    factor = max(0, min(100, volume)) / 100
    scaled = array.array("h", (int(s * factor) for s in samples))
    with wave.open(str(target), "wb") as dst:
        dst.setparams(params)
        dst.writeframes(scaled.tobytes())
    return target


def find_player() -> list[str] | None:
    """The command that plays a WAV file here, or None (Windows uses winsound)."""
    for name, args in (("paplay", []), ("aplay", ["-q"]), ("afplay", [])):
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


class SoundPlayer:
    """Plays the station's sounds on a background thread; never raises to the caller."""

    def __init__(self, *, enabled: bool = True, volume: int = 80) -> None:
        self.enabled = enabled
        self.volume = volume
        self._cache = Path(tempfile.mkdtemp(prefix="station-sounds-"))
        self._player = None if sys.platform == "win32" else find_player()

    @property
    def available(self) -> bool:
        return sys.platform == "win32" or self._player is not None

    def play(self, kind: str) -> bool:
        """Start playing ``kind``; False when sounds are off or no player exists."""
        if not self.enabled or self.volume == 0 or kind not in KINDS or not self.available:
            return False
        path = scaled_copy(SOUNDS_DIR / f"{kind}.wav", self.volume, self._cache)
        threading.Thread(target=self._play, args=(path,), daemon=True, name="sound").start()
        return True

    def _play(self, path: Path) -> None:
        try:
            if sys.platform == "win32":
                import winsound

                winsound.PlaySound(str(path), winsound.SND_FILENAME)
            elif self._player is not None:
                subprocess.run(
                    [*self._player, str(path)], timeout=5, check=False, capture_output=True
                )
        except (OSError, subprocess.SubprocessError):
            pass


def sound_feedback(sounds: SoundPlayer | None, feedback: str) -> None:
    """The sound of an outcome's ``feedback`` kind (none for info). Without a player the
    system beep stands in (twice for a reject), unless the sounds are switched off."""
    kind = FEEDBACK_SOUNDS.get(feedback, "reject")
    if kind is None:  # start-up or a resumed session: nothing was scanned
        return
    if sounds is not None and sounds.play(kind):
        return
    if sounds is not None and not sounds.enabled:
        return
    QApplication.beep()
    if kind == "reject":
        QTimer.singleShot(150, QApplication.beep)
